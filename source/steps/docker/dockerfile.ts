import { fileChange } from '../support.js';
import { readFileSync } from 'node:fs';
import { setDockerfileArg } from '../../edits/dockerfile.js';
import { displayPath } from '../../util/paths.js';
import { confirm, outcome, preview, type FileChange, type Step, type StepContext } from '../types.js';

/** Guide §3 paso 4: the frontend Dockerfile's `ARG VITE_API_URL` names the target's service. */
export const dockerfile: Step = {
  id: 'dockerfile',
  async preview(ctx) {
    const { t } = ctx;
    const arg = ctx.project.frontend.dockerfile;
    const shown = displayPath(ctx.project.root, arg.path);
    if (!arg.exists || arg.value === undefined) {
      return preview({ state: 'blocked', blocked: { detail: t(arg.exists ? 'frontend.noArg' : 'frontend.noDockerfile', { file: shown }), fix: t('frontend.dockerfileFix', { file: shown, url: wanted(ctx) }) } });
    }
    const change = changeFor(ctx);
    if (!change) return preview({ state: 'up-to-date', lines: [t('frontend.ok', { file: shown, url: arg.value })] });
    return preview({ state: 'todo', lines: [t('dockerfileStep.current', { file: shown, url: arg.value })], changes: [change], questions: [confirm(t, 'write', t('dockerfileStep.confirm', { url: wanted(ctx) }))] });
  },
  async apply(ctx, answers) {
    const { t } = ctx;
    const change = changeFor(ctx);
    const shown = displayPath(ctx.project.root, ctx.project.frontend.dockerfile.path);
    if (!change) return outcome({ status: 'unchanged', detail: t('frontend.ok', { file: shown, url: wanted(ctx) }) });
    if (answers.write === 'no') return outcome({ status: 'skipped', detail: t('frontend.step.leftAlone') });
    ctx.journal.write(change.path, change.after);
    ctx.reload();
    return outcome({ status: 'done', detail: t('dockerfileStep.done', { file: shown, url: wanted(ctx) }), files: [shown] });
  },
};

/** `http://<target service>:<port>`, keeping the port the ARG already used. */
function wanted(ctx: StepContext): string {
  const current = ctx.project.frontend.dockerfile.value;
  let port = String(ctx.project.config.ports.api);
  try {
    if (current) port = new URL(current).port || port;
  } catch {
    // keep the configured port
  }
  return `http://${ctx.project.config.backends[ctx.to].service}:${port}`;
}

function changeFor(ctx: StepContext): FileChange | undefined {
  const arg = ctx.project.frontend.dockerfile;
  if (!arg.exists || arg.value === undefined || arg.value === wanted(ctx)) return undefined;
  const before = readFileSync(arg.path, 'utf8');
  return fileChange(ctx, arg.path, before, setDockerfileArg(before, 'VITE_API_URL', wanted(ctx)));
}
