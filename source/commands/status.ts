import { redactDeep } from '../util/redact.js';
import { VERSION } from '../version.js';
import { detectActiveBackend } from '../backends/active.js';
import type { Lang } from '../i18n/index.js';
import { composeProjectName } from '../project/compose.js';
import { defaultDockerSocket, probeDocker } from '../probes/docker.js';
import { describeHolder, redactCommand } from '../checks/port.js';
import { colors } from '../render/colors.js';
import { displayPath } from '../util/paths.js';
import type { Flags } from './options.js';
import { openSession } from './session.js';
import { deadline } from '../util/deadline.js';

/** Which backend is active, and the evidence: API port, compose services, frontend, containers. */
export async function statusCommand(flags: Flags, lang: Lang): Promise<number> {
  const session = openSession(flags, lang);
  const { project, t } = session;
  const composeProject = project.compose ? composeProjectName(project.compose, project.config.compose.project) : undefined;
  const [active, docker] = await Promise.all([
    detectActiveBackend(project, session.apiUrl, session.timeoutMs),
    composeProject ? probeDocker(defaultDockerSocket(), composeProject, deadline(session.timeoutMs)) : undefined,
  ]);
  const owner = active.apiOwner;
  const status = {
    version: VERSION,
    root: project.root,
    active: active.backend ?? null,
    decidedBy: active.decidedBy ?? null,
    mode: active.mode,
    api: {
      url: session.apiUrl,
      port: owner.port,
      owner: owner.listening ? { pid: owner.pid ?? null, command: owner.command ? redactCommand(owner.command) : null, folder: owner.cwd ?? null, kind: owner.kind ?? null } : null,
    },
    compose: project.compose ? { file: displayPath(project.root, project.compose.path), services: active.composeServices } : null,
    frontend: {
      envLocal: project.frontend.env.values.VITE_API_URL ?? null,
      dockerfileArg: project.frontend.dockerfile.value ?? null,
      pointsAt: active.frontendPointsAt ?? null,
    },
    containers: docker?.ok ? docker.containers : null,
  };
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(redactDeep(status, session.redact), null, 2)}\n`);
    return 0;
  }
  const c = colors(session.color);
  const none = t('status.none');
  const lines = [
    active.backend
      ? c.bold(t('status.active', { backend: active.backend, reason: t(`status.by.${active.decidedBy!}`) }))
      : c.bold(t('status.unknown')),
    `  ${t('status.api', { port: owner.port, owner: owner.listening ? describeHolder(session, owner) : t('status.free') })}`,
    `  ${t('status.compose', { services: status.compose ? [...active.composeServices.bun.map((s) => `${s} (bun)`), ...active.composeServices.elixir.map((s) => `${s} (elixir)`)].join(', ') || none : none })}`,
    `  ${t('status.frontend', { envLocal: status.frontend.envLocal ?? none, arg: status.frontend.dockerfileArg ?? none })}`,
    `  ${t('status.containers', { list: docker?.ok ? docker.containers.map((x) => `${x.service || x.name} (${x.state})`).join(', ') || none : t('status.noEngine') })}`,
    '',
  ];
  process.stdout.write(lines.join('\n'));
  return 0;
}
