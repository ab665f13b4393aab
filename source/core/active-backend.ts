import type { BackendName, Mode } from '../project/config.js';
import { backendServices, runsByDefault, type Project } from '../project/project.js';
import { speaksPhoenix } from '../probes/phoenix.js';
import { speaksSocketIo } from '../probes/socket-io.js';
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
  const apiOwner = await apiPortOwner(apiUrl);
  const composeServices = {
    bun: backendServices(project, 'bun').filter(runsByDefault).map((s) => s.name),
    elixir: backendServices(project, 'elixir').filter(runsByDefault).map((s) => s.name),
  };
  const frontendPointsAt = frontendTarget(project);
  const base = { mode: detectMode(project, apiOwner), apiOwner, composeServices, ...(frontendPointsAt ? { frontendPointsAt } : {}) };

  const identified = await identifyBackend(project, apiOwner, apiUrl, timeoutMs);
  if (identified) return { ...base, backend: identified.backend, decidedBy: identified.by };
  const inCompose = (['bun', 'elixir'] as const).filter((b) => composeServices[b].length > 0);
  if (inCompose.length === 1) return { ...base, backend: inCompose[0], decidedBy: 'compose' };
  if (frontendPointsAt) return { ...base, backend: frontendPointsAt, decidedBy: 'frontend' };
  return base;
}

/**
 * Which backend a listener is: bun or beam by its command; another process (a container
 * proxy, a Node stand-in) by the realtime protocol it answers on the API port.
 */
export async function identifyBackend(
  project: Project,
  owner: PortOwner,
  apiUrl: string,
  timeoutMs: number,
): Promise<{ backend: BackendName; by: 'port' | 'protocol' } | undefined> {
  if (owner.kind === 'bun') return { backend: 'bun', by: 'port' };
  if (owner.kind === 'beam') return { backend: 'elixir', by: 'port' };
  if (!owner.listening) return undefined;
  // A local server answers a handshake in milliseconds; a hung one must not delay doctor.
  const controller = new AbortController();
  const signal = AbortSignal.any([controller.signal, AbortSignal.timeout(Math.min(timeoutMs / 4, 250))]);
  const { backends } = project.config;
  // The first protocol that answers decides; the other probe is called off at once.
  const answer = await new Promise<BackendName | undefined>((resolve) => {
    let pending = 2;
    const settle = (backend: BackendName) => (yes: boolean | undefined) => {
      if (yes) resolve(backend);
      else if (--pending === 0) resolve(undefined);
    };
    void speaksSocketIo(apiUrl, backends.bun.websocket, signal).then(settle('bun'));
    void speaksPhoenix(apiUrl, backends.elixir.websocket, signal).then(settle('elixir'));
  });
  controller.abort();
  return answer ? { backend: answer, by: 'protocol' } : undefined;
}

export async function apiPortOwner(apiUrl: string): Promise<PortOwner> {
  const url = new URL(apiUrl);
  const [owner] = await findPortOwners([Number(url.port || (url.protocol === 'https:' ? 443 : 80))]);
  return owner!;
}

/** The config's `mode`, else Docker when a container publishes the API port. */
export function detectMode(project: Project, apiOwner: PortOwner): Mode {
  return project.config.mode ?? (apiOwner.kind === 'docker' ? 'docker' : 'dev');
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
