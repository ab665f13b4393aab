import { composeCommand } from '../../checks/support.js';
import { runCommand, type CommandRecord } from '../../io/run-command.js';
import { backendServices, runsByDefault } from '../../project/project.js';
import { displayPath } from '../../util/paths.js';
import { outcome, preview, type Step, type StepContext } from '../types.js';
import { buildFailureLines } from './compose-output.js';

/**
 * Guide §3 paso 5's `--build`, done before anything stops: each service that builds, one
 * `build` at a time, so a failure names its service and shows the build's own last lines
 * while the old stack still runs (`down` comes only in the next step).
 */
export const build: Step = {
  id: 'build',
  async preview(ctx) {
    const { t } = ctx;
    const services = builtServices(ctx);
    if (services.length === 0) return preview({ state: 'up-to-date', lines: [t('build.nothing')] });
    return preview({ state: 'todo', lines: [t('build.plan', { services: services.join(', ') })], commands: services.map((s) => buildCommand(ctx, s)) });
  },
  async apply(ctx, _answers, emit) {
    const { t } = ctx;
    const services = builtServices(ctx);
    if (services.length === 0) return outcome({ status: 'unchanged', detail: t('build.nothing') });
    const records: CommandRecord[] = [];
    for (const service of services) {
      const command = buildCommand(ctx, service);
      emit({ type: 'progress', text: `$ ${command}` });
      const record = await runCommand(command, { cwd: ctx.project.root, redact: ctx.redact, onLine: (line) => emit({ type: 'line', line }), signal: ctx.signal });
      records.push(record);
      if (record.exitCode !== 0) {
        const tail = buildFailureLines(record.tail);
        return outcome({
          status: 'failed',
          detail: t('build.failed', { service, code: record.exitCode ?? '?', tail: tail.join('\n') }),
          fix: t('build.failedFix', { service, dockerfile: dockerfileOf(ctx, service), command }),
          commands: records,
          data: { service, tail },
        });
      }
    }
    return outcome({ status: 'done', detail: t('build.done', { services: services.join(', ') }), commands: records });
  },
};

function buildCommand(ctx: StepContext, service: string): string {
  return `${composeCommand(ctx.checks())} build ${service}`;
}

/**
 * The services `up` starts that build from source, in the compose file's order. Before the
 * compose step has run (a plan), the other backend's service stands for the target's.
 */
function builtServices(ctx: StepContext): string[] {
  const services = Object.values(ctx.project.compose?.services ?? {}).filter((s) => s.buildContext && runsByDefault(s));
  const others = new Set(backendServices(ctx.project, ctx.from).map((s) => s.name));
  const target = backendServices(ctx.project, ctx.to)[0]?.name ?? ctx.project.config.backends[ctx.to].service;
  return [...new Set(services.map((s) => (others.has(s.name) ? target : s.name)))];
}

function dockerfileOf(ctx: StepContext, service: string): string {
  const context = ctx.project.compose?.services[service]?.buildContext;
  return context ? displayPath(ctx.project.root, `${context}/Dockerfile`) : service;
}
