import { access } from 'node:fs/promises';
import { classifyNetError } from './net-error.js';

export interface ContainerState {
  service: string;
  name: string;
  state: string;
  status: string;
}

export type DockerProbe =
  | { ok: true; containers: ContainerState[] }
  | { ok: false; failure: 'no-engine' | 'denied' | 'other'; message: string; socketPath: string };

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
    await docker.ping({ abortSignal: signal } as never);
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
    return { ok: false, failure: 'other', message: net.message, socketPath };
  }
}
