import type { Check } from '../core/check.js';
import { composeProjectName } from '../project/compose.js';
import { defaultDockerSocket, probeDocker, type ContainerState, type DockerProbe } from '../probes/docker.js';
import { composeCommand } from './support.js';
import { profileOf } from '../backends/index.js';
import { backendServices } from '../project/project.js';
import type { Translate } from '../i18n/index.js';

declare module '../core/check.js' {
  interface CheckDataMap {
    /** Why the engine did not answer; or the project's containers and the needed services not running. */
    docker:
      | { failure: Extract<DockerProbe, { ok: false }>['failure']; socketPath: string }
      | { project: string; containers: ContainerState[]; missing: string[] };
  }
}

/** Guide §1 paso 4 and §3: the engine answers, and the `db` (and for Bun `redis`) containers run. */
export const docker: Check<'docker'> = {
  id: 'docker',
  async run(ctx, signal) {
    const { t, project } = ctx;
    const socketPath = ctx.dockerSocket ?? defaultDockerSocket();
    const composeProject = project.compose ? composeProjectName(project.compose, project.config.compose.project) : 'ecredit';
    const probe = await probeDocker(socketPath, composeProject, signal);
    const needed = profileOf(ctx.backend).services;
    if (!probe.ok) {
      const data = { failure: probe.failure, socketPath };
      if (ctx.mode === 'dev') return { status: 'skip', detail: t('docker.devNoEngine', { socket: socketPath }), data };
      return { status: 'fail', ...engineFailureText(t, probe), data };
    }
    const running = new Set(probe.containers.filter((c) => c.state === 'running').map((c) => c.service));
    // In Docker mode the backend's own container too, once it exists: a real backend that loses
    // PostgreSQL exits (the Bun app does), and starting db alone would leave the API down.
    const backend = ctx.mode === 'docker' ? backendServices(project, ctx.backend)[0]?.name : undefined;
    const exited = backend && probe.containers.some((c) => c.service === backend) && !running.has(backend) ? [backend] : [];
    const wanted = [...needed, ...exited];
    const missing = wanted.filter((service) => !running.has(service));
    const list = probe.containers.map((c) => `${c.service || c.name} (${c.state})`).join(', ') || t('docker.none');
    const data = { project: composeProject, containers: probe.containers, missing };
    if (missing.length === 0) return { status: 'ok', detail: t('docker.ok', { project: composeProject, list }), data };
    const fix = t('docker.upFix', { command: `${composeCommand(ctx)} up -d ${wanted.join(' ')}` });
    // In development Postgres may run outside Docker; the db check says whether it is reachable.
    if (ctx.mode === 'dev') return { status: 'skip', detail: t('docker.devMissing', { missing: missing.join(', '), list }), data };
    return { status: 'fail', detail: t('docker.missing', { project: composeProject, missing: missing.join(', '), list }), fix, data };
  },
};

/** Why the engine did not answer, and what to do: absent, not allowed, or only slow. */
export function engineFailureText(t: Translate, probe: Extract<DockerProbe, { ok: false }>): { detail: string; fix: string } {
  const params = { socket: probe.socketPath, message: probe.message };
  if (probe.failure === 'denied') return { detail: t('docker.denied', params), fix: t('docker.deniedFix') };
  if (probe.failure === 'timeout') return { detail: t('docker.slow', params), fix: t('docker.slowFix') };
  return { detail: t('docker.noEngine', params), fix: t('docker.noEngineFix') };
}
