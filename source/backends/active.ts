import { relative, isAbsolute } from 'node:path';
import { BACKENDS, type BackendName, type Mode } from '../project/config.js';
import { backendServices, runsByDefault, type Project } from '../project/project.js';
import { speaksPhoenix } from '../probes/phoenix.js';
import { speaksSocketIo } from '../probes/socket-io.js';
import { findPortOwners, type PortOwner } from '../probes/port-owner.js';
import { containersPublishing, defaultDockerSocket, type PublishingContainer } from '../probes/docker.js';
import { composeProjectName } from '../project/compose.js';
import { startedByUs } from '../io/started.js';
import { lastCompletedSwitch } from '../io/last-switch.js';
import { profileOf } from './index.js';
import { deadline } from '../util/deadline.js';

/** What decided the active backend, strongest first. */
export type Evidence = 'folder' | 'started' | 'container' | 'protocol' | 'report' | 'compose' | 'frontend';

/**
 * How a listener was shown to be one of this monorepo's backends. `container`: the Engine API
 * names the container publishing the port, of this compose project and a backend's service;
 * `protocol`: no engine answered to name it, and the backend's realtime protocol answers behind
 * the container proxy (the weaker proof).
 */
export type Proof = 'folder' | 'started' | 'container' | 'protocol';

export interface ActiveBackend {
  backend?: BackendName;
  decidedBy?: Evidence;
  /** The backend was named by evidence other than a process on the API port: it may not be running. */
  running: boolean;
  mode: Mode;
  apiOwner: PortOwner;
  composeServices: Record<BackendName, string[]>;
  frontendPointsAt?: BackendName;
}

/**
 * SPEC: the API port's owner when it is proven to be one of this monorepo's backends; else,
 * in development, the backend the last completed switch left; else the compose file's
 * backend service; else what the frontend points at.
 */
export async function detectActiveBackend(project: Project, apiUrl: string, timeoutMs: number): Promise<ActiveBackend> {
  const apiOwner = await apiPortOwner(apiUrl);
  const composeServices = Object.fromEntries(
    BACKENDS.map((b) => [b, backendServices(project, b).filter(runsByDefault).map((s) => s.name)]),
  ) as Record<BackendName, string[]>;
  const frontendPointsAt = frontendTarget(project);
  const mode = detectMode(project, apiOwner);
  const base = { mode, apiOwner, composeServices, ...(frontendPointsAt ? { frontendPointsAt } : {}) };

  const identified = await identifyBackend(project, apiOwner, apiUrl, timeoutMs);
  if (identified) return { ...base, backend: identified.backend, decidedBy: identified.by, running: true };
  if (mode === 'dev' && !apiOwner.listening) {
    const last = lastCompletedSwitch(project.root);
    const left = last?.mode === 'dev' ? last.to : undefined;
    if (left) return { ...base, backend: left, decidedBy: 'report', running: false };
  }
  const inCompose = BACKENDS.filter((b) => composeServices[b].length > 0);
  if (inCompose.length === 1) return { ...base, backend: inCompose[0], decidedBy: 'compose', running: false };
  if (frontendPointsAt) return { ...base, backend: frontendPointsAt, decidedBy: 'frontend', running: false };
  return { ...base, running: false };
}

/**
 * Which of this monorepo's backends a listener is, only when that is shown: its working
 * directory is inside the backend's folder, or it is the very process this tool started, or
 * it is a container runtime's proxy and the Engine API names the container behind it as this
 * compose project's backend service (with no engine to ask: the backend's realtime protocol
 * answers behind it). A command line (`bun`, `beam.smp`) proves nothing: any project's server
 * can be named so, and another project's container is not this one's, whatever it speaks.
 */
export async function identifyBackend(project: Project, owner: PortOwner, apiUrl: string, timeoutMs: number): Promise<{ backend: BackendName; by: Proof } | undefined> {
  if (!owner.listening) return undefined;
  if (owner.kind === 'docker') {
    const containers = await containersPublishing(defaultDockerSocket(), [owner.port], deadline(timeoutMs));
    const container = containers === 'unreachable' ? undefined : containers.get(owner.port);
    if (container) {
      const backend = backendOfContainer(project, container);
      return backend ? { backend, by: 'container' } : undefined;
    }
    const backend = await answeringProtocol(project, apiUrl, timeoutMs);
    return backend ? { backend, by: 'protocol' } : undefined;
  }
  if (owner.cwd) {
    const backend = BACKENDS.find((b) => isInside(owner.cwd!, project.backends[b].dir));
    if (backend) return { backend, by: 'folder' };
  }
  const started = owner.pid === undefined ? undefined : startedByUs(project.root, owner.pid);
  return started ? { backend: started.backend, by: 'started' } : undefined;
}

/** A hint for people reading a stranger's description: "looks like bun". Never proof. */
export function looksLike(owner: PortOwner): BackendName | undefined {
  const executable = (owner.command ?? '').split(/\s+/)[0]?.split('/').pop() ?? '';
  return BACKENDS.find((b) => profileOf(b).processNames.test(executable));
}

function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The backend whose service the container runs, when it belongs to this monorepo's compose project. */
function backendOfContainer(project: Project, container: PublishingContainer): BackendName | undefined {
  if (!ofThisProject(project, container) || !container.service) return undefined;
  return BACKENDS.find((b) => container.service === project.config.backends[b].service || backendServices(project, b).some((s) => s.name === container.service));
}

function ofThisProject(project: Project, container: PublishingContainer): boolean {
  return Boolean(project.compose && container.project === composeProjectName(project.compose, project.config.compose.project));
}

/**
 * Of `ports`, those a container outside this monorepo's compose project publishes (another
 * checkout's stack, a `docker run`), with its name: `compose down` will not free them. Ports
 * of this project's containers are absent, and all are when no engine answers to say.
 */
export async function foreignContainersOn(project: Project, ports: readonly number[], timeoutMs: number): Promise<Map<number, string>> {
  const containers = await containersPublishing(defaultDockerSocket(), ports, deadline(timeoutMs));
  const foreign = new Map<number, string>();
  if (containers === 'unreachable') return foreign;
  for (const [port, container] of containers) if (!ofThisProject(project, container)) foreign.set(port, container.name);
  return foreign;
}

/** Behind a container proxy: the first realtime protocol that answers decides; the other probe is called off. */
async function answeringProtocol(project: Project, apiUrl: string, timeoutMs: number): Promise<BackendName | undefined> {
  const controller = new AbortController();
  // A local server answers a handshake in milliseconds; a hung one must not delay doctor.
  const signal = deadline(Math.min(timeoutMs / 4, 250), controller.signal);
  const speaks = { 'socket.io': speaksSocketIo, phoenix: speaksPhoenix };
  const answer = await new Promise<BackendName | undefined>((resolve) => {
    let pending = BACKENDS.length;
    for (const backend of BACKENDS) {
      const probe = speaks[profileOf(backend).realtime];
      void probe(apiUrl, project.config.backends[backend].websocket, signal).then((yes) => {
        if (yes) resolve(backend);
        else if (--pending === 0) resolve(undefined);
      });
    }
  });
  controller.abort();
  return answer;
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
  for (const value of [project.frontend.dockerfile.value, project.frontend.env.values.VITE_API_URL]) {
    if (!value) continue;
    let host: string;
    try {
      host = new URL(value).hostname;
    } catch {
      continue;
    }
    const backend = BACKENDS.find((b) => project.config.backends[b].service === host);
    if (backend) return backend;
  }
  return undefined;
}
