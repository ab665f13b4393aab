import type { BackendName, Mode } from '../project/config.js';
import { backendServices, runsByDefault, type Project } from '../project/project.js';
import { httpRequest, joinUrl } from '../probes/http.js';
import { findPortOwners, type PortOwner } from '../probes/port-owner.js';

export type Evidence = 'port' | 'protocol' | 'compose' | 'frontend';

export interface ActiveBackend {
  backend?: BackendName;
  /** What decided it, strongest first: the API port's owner, its realtime protocol, compose, the frontend. */
  decidedBy?: Evidence;
  mode: Mode;
  apiOwner: PortOwner;
  composeServices: Record<BackendName, string[]>;
  frontendPointsAt?: BackendName;
}

/**
 * SPEC: the API port's owner, else the compose file's backend service, else what the
 * frontend points at. A process that is neither bun nor beam (a container proxy, a node
 * stand-in) is identified by its realtime protocol: Socket.IO answers its handshake.
 */
export async function detectActiveBackend(project: Project, apiUrl: string, timeoutMs: number): Promise<ActiveBackend> {
  const apiPort = Number(new URL(apiUrl).port || 80);
  const [apiOwner] = await findPortOwners([apiPort]);
  const composeServices = {
    bun: backendServices(project, 'bun').filter(runsByDefault).map((s) => s.name),
    elixir: backendServices(project, 'elixir').filter(runsByDefault).map((s) => s.name),
  };
  const frontendPointsAt = frontendTarget(project);
  const mode: Mode = project.config.mode ?? (apiOwner!.kind === 'docker' ? 'docker' : 'dev');
  const base = { mode, apiOwner: apiOwner!, composeServices, ...(frontendPointsAt ? { frontendPointsAt } : {}) };

  if (apiOwner!.kind === 'bun') return { ...base, backend: 'bun', decidedBy: 'port' };
  if (apiOwner!.kind === 'beam') return { ...base, backend: 'elixir', decidedBy: 'port' };
  if (apiOwner!.listening) {
    const byProtocol = await speaksSocketIo(apiUrl, project.config.backends.bun.websocket, timeoutMs);
    if (byProtocol !== undefined) return { ...base, backend: byProtocol ? 'bun' : 'elixir', decidedBy: 'protocol' };
  }
  const inCompose = (['bun', 'elixir'] as const).filter((b) => composeServices[b].length > 0);
  if (inCompose.length === 1) return { ...base, backend: inCompose[0], decidedBy: 'compose' };
  if (frontendPointsAt) return { ...base, backend: frontendPointsAt, decidedBy: 'frontend' };
  return base;
}

/** true: a Socket.IO handshake answered; false: the server answered something else; undefined: no answer. */
async function speaksSocketIo(apiUrl: string, path: string, timeoutMs: number): Promise<boolean | undefined> {
  try {
    const url = `${joinUrl(apiUrl, path).replace(/\/?$/, '/')}?EIO=4&transport=polling`;
    const answer = await httpRequest(url, { signal: AbortSignal.timeout(Math.min(timeoutMs, 1000)) });
    return answer.status === 200 && answer.body.startsWith('0{');
  } catch {
    return undefined;
  }
}

/** The backend whose compose service name the frontend's API URL uses as host (Docker builds). */
function frontendTarget(project: Project): BackendName | undefined {
  const candidates = [project.frontend.dockerfile.value, project.frontend.env.values.VITE_API_URL];
  for (const value of candidates) {
    if (!value) continue;
    let host: string;
    try {
      host = new URL(value).hostname;
    } catch {
      continue;
    }
    for (const backend of ['bun', 'elixir'] as const) {
      if (project.config.backends[backend].service === host) return backend;
    }
  }
  return undefined;
}
