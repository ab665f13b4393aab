import { access } from 'node:fs/promises';
import type Dockerode from 'dockerode';
import { classifyNetError } from './net-error.js';

export interface ContainerState {
  service: string;
  name: string;
  state: string;
  status: string;
}

export type DockerProbe =
  | { ok: true; containers: ContainerState[] }
  | { ok: false; failure: 'no-engine' | 'denied' | 'timeout' | 'other'; message: string; socketPath: string };

export function defaultDockerSocket(env: NodeJS.ProcessEnv = process.env): string {
  const host = env.DOCKER_HOST;
  if (host?.startsWith('unix://')) return host.slice('unix://'.length);
  return '/var/run/docker.sock';
}

/**
 * Pings the Engine API and lists the compose project's containers. An absent socket is
 * known without loading dockerode, which keeps `doctor` quick where Docker is not used.
 */
export async function probeDocker(socketPath: string, project: string, signal: AbortSignal): Promise<DockerProbe> {
  try {
    await access(socketPath);
  } catch {
    return { ok: false, failure: 'no-engine', message: `no Docker socket at ${socketPath}`, socketPath };
  }
  const { default: Docker } = await import('dockerode');
  const docker = new Docker({ socketPath });
  try {
    await ping(docker, signal);
    const list = await docker.listContainers({
      all: true,
      filters: { label: [`com.docker.compose.project=${project}`] },
      abortSignal: signal,
    });
    const containers = list.map((c) => ({
      service: c.Labels['com.docker.compose.service'] ?? '',
      name: (c.Names[0] ?? '').replace(/^\//, ''),
      state: c.State,
      status: c.Status,
    }));
    return { ok: true, containers };
  } catch (error) {
    const code = (error as { code?: string; statusCode?: number }).code;
    if (code === 'EACCES') return { ok: false, failure: 'denied', message: String(error), socketPath };
    const net = classifyNetError(error);
    if (net.kind === 'refused' || code === 'ENOENT') return { ok: false, failure: 'no-engine', message: net.message, socketPath };
    // The socket accepted and the engine did not answer in time: busy (a build, a start), not absent.
    if (net.kind === 'aborted') return { ok: false, failure: 'timeout', message: net.message, socketPath };
    return { ok: false, failure: 'other', message: net.message, socketPath };
  }
}

/** A running container that publishes a host port, with its compose labels when it has them. */
export interface PublishingContainer {
  name: string;
  project?: string;
  service?: string;
}

/**
 * The running containers that publish the host `ports`, by port, as the Engine API lists them
 * (their `Ports`, not a filter whose meaning differs between engine versions): one listing
 * for all of them; a port no container publishes is absent. 'unreachable' when no engine
 * answers at `socketPath`.
 */
export async function containersPublishing(socketPath: string, ports: readonly number[], signal: AbortSignal): Promise<Map<number, PublishingContainer> | 'unreachable'> {
  try {
    await access(socketPath);
    const { default: Docker } = await import('dockerode');
    const list = await new Docker({ socketPath }).listContainers({ abortSignal: signal });
    const byPort = new Map<number, PublishingContainer>();
    for (const port of ports) {
      const found = list.find((c) => (c.Ports ?? []).some((p) => p.PublicPort === port));
      if (!found) continue;
      const labels = found.Labels ?? {};
      byPort.set(port, {
        name: (found.Names[0] ?? found.Id).replace(/^\//, ''),
        ...(labels['com.docker.compose.project'] ? { project: labels['com.docker.compose.project'] } : {}),
        ...(labels['com.docker.compose.service'] ? { service: labels['com.docker.compose.service'] } : {}),
      });
    }
    return byPort;
  } catch {
    return 'unreachable';
  }
}

/**
 * `GET /_ping` as dockerode's `ping` sends it, through its modem: @types/dockerode declares
 * `ping()` without the options that carry `abortSignal`; the modem's `dial` takes it.
 */
function ping(docker: Dockerode, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    docker.modem.dial(
      { path: '/_ping', method: 'GET', abortSignal: signal, statusCodes: { 200: true, 500: 'server error' } },
      (error) => (error ? reject(error) : resolve()),
    );
  });
}

export interface ContainerDetail {
  id: string;
  name: string;
  running: boolean;
  status: string;
  exitCode: number | null;
}

/** The compose service's container: list by labels, then inspect it. */
export async function findContainer(socketPath: string, project: string, service: string, signal: AbortSignal): Promise<ContainerDetail | undefined> {
  const { default: Docker } = await import('dockerode');
  const docker = new Docker({ socketPath });
  const [first] = await docker.listContainers({
    all: true,
    filters: { label: [`com.docker.compose.project=${project}`, `com.docker.compose.service=${service}`] },
    abortSignal: signal,
  });
  if (!first) return undefined;
  const info = await docker.getContainer(first.Id).inspect({ abortSignal: signal });
  return { id: info.Id, name: info.Name.replace(/^\//, ''), running: info.State.Running, status: info.State.Status, exitCode: info.State.Running ? null : info.State.ExitCode };
}

export async function startContainer(socketPath: string, id: string, signal: AbortSignal): Promise<void> {
  const { default: Docker } = await import('dockerode');
  await new Docker({ socketPath }).getContainer(id).start({ abortSignal: signal });
}

/** The last lines a container wrote (stdout and stderr), its stream framing removed. */
export async function containerLogs(socketPath: string, id: string, tail: number, signal: AbortSignal): Promise<string[]> {
  const { default: Docker } = await import('dockerode');
  const raw = await new Docker({ socketPath }).getContainer(id).logs({ stdout: true, stderr: true, tail, follow: false, abortSignal: signal });
  return demultiplex(Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw))).split('\n').filter(Boolean);
}

/**
 * Engine API log framing for containers without a TTY: each frame is an 8-byte header
 * (stream type, 3 zero bytes, big-endian length) and its payload. A TTY container's log is raw.
 */
export function demultiplex(buffer: Buffer): string {
  const multiplexed = buffer.length >= 8 && buffer[0]! <= 2 && buffer[1] === 0 && buffer[2] === 0 && buffer[3] === 0;
  if (!multiplexed) return buffer.toString('utf8');
  let out = '';
  for (let offset = 0; offset + 8 <= buffer.length; ) {
    const size = buffer.readUInt32BE(offset + 4);
    out += buffer.subarray(offset + 8, offset + 8 + size).toString('utf8');
    offset += 8 + size;
  }
  return out;
}
