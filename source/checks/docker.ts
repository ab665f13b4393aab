import type { Check } from '../core/check.js';
import { composeProjectName } from '../project/compose.js';
import { defaultDockerSocket, probeDocker, type ContainerState, type DockerProbe } from '../probes/docker.js';
import { composeCommand } from './support.js';
import { profileOf } from '../backends/index.js';

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
      const fix = probe.failure === 'denied' ? t('docker.deniedFix') : t('docker.noEngineFix');
      return { status: 'fail', detail: t(probe.failure === 'denied' ? 'docker.denied' : 'docker.noEngine', { socket: socketPath, message: probe.message }), fix, data };
    }
    const running = new Set(probe.containers.filter((c) => c.state === 'running').map((c) => c.service));
    const missing = needed.filter((service) => !running.has(service));
    const list = probe.containers.map((c) => `${c.service || c.name} (${c.state})`).join(', ') || t('docker.none');
    const data = { project: composeProject, containers: probe.containers, missing };
    if (missing.length === 0) return { status: 'ok', detail: t('docker.ok', { project: composeProject, list }), data };
    const fix = t('docker.upFix', { command: `${composeCommand(ctx)} up -d ${needed.join(' ')}` });
    // In development Postgres may run outside Docker; the db check says whether it is reachable.
    if (ctx.mode === 'dev') return { status: 'skip', detail: t('docker.devMissing', { missing: missing.join(', '), list }), data };
    return { status: 'fail', detail: t('docker.missing', { project: composeProject, missing: missing.join(', '), list }), fix, data };
  },
};
