import { fileChange } from './support.js';
import { existsSync, readFileSync } from 'node:fs';
import { FRONTEND_DEFAULT_API } from '../checks/frontend.js';
import { removeEnvKey, setEnvValue } from '../edits/env-file.js';
import { displayPath } from '../util/paths.js';
import { deadline } from '../util/deadline.js';
import { probeViteDevServer } from '../probes/vite-dev.js';
import { confirm, outcome, preview, type Answers, type FileChange, type Question, type Step, type StepContext } from './types.js';

/** Guide §1 paso 3 "Configurar Frontend": VITE_API_URL in apps/frontend/.env.local. */
export const frontendStep: Step = {
  id: 'frontend',
  async preview(ctx, answers = {}) {
    const { t } = ctx;
    const file = ctx.project.frontend.env.path;
    const shown = displayPath(ctx.project.root, file);
    const current = ctx.project.frontend.env.values.VITE_API_URL;
    const questions = questionsFor(ctx);
    const choice = answers.frontend ?? questions[0]!.default;
    const change = changeFor(ctx, choice);
    if (!change) {
      const line = current === undefined ? t('frontend.step.defaultOk', { file: shown, url: FRONTEND_DEFAULT_API }) : t('frontend.step.ok', { file: shown, url: current });
      return preview({ state: 'up-to-date', lines: [line] });
    }
    return preview({
      state: 'todo',
      lines: [current === undefined ? t('frontend.step.unset', { file: shown }) : t('frontend.step.current', { file: shown, url: current })],
      changes: [change],
      questions,
    });
  },
  async apply(ctx, answers) {
    const { t } = ctx;
    const choice = answers.frontend ?? 'set';
    if (choice === 'no') return outcome({ status: 'skipped', detail: t('frontend.step.leftAlone') });
    const change = changeFor(ctx, choice);
    const shown = displayPath(ctx.project.root, ctx.project.frontend.env.path);
    if (!change) return outcome({ status: 'unchanged', detail: t('frontend.step.ok', { file: shown, url: ctx.apiUrl }) });
    // Asked before the write: a Vite dev server restarts itself on the change, and is away meanwhile.
    const devServer = await whatTheDevServerDoes(ctx);
    ctx.journal.write(change.path, change.after);
    ctx.reload();
    const detail = change.after === null ? t('frontend.step.removed', { file: shown }) : t('frontend.step.written', { file: shown, url: ctx.apiUrl });
    return outcome({ status: 'done', detail: `${detail} ${devServer}`, files: [shown] });
  },
};

/**
 * What follows the file's change: a running Vite dev server restarts itself on a change of its
 * env files (then the page needs a reload); with none answering, the frontend reads it when started.
 * Whether the server then serves the new URL is the post-switch frontend check's verdict.
 */
async function whatTheDevServerDoes(ctx: StepContext): Promise<string> {
  const origin = ctx.checks().frontendOrigin;
  const dev = await probeViteDevServer(origin, deadline(ctx.timeoutMs, ctx.signal)).catch(() => undefined);
  return dev ? ctx.t('frontend.step.devReloads', { origin }) : ctx.t('frontend.step.devNotRunning', { origin });
}

/** VITE_API_URL may go when the API is at the frontend's default (guide §1, Elixir → Bun paso 3). */
function questionsFor(ctx: StepContext): Question[] {
  const { t } = ctx;
  if (ctx.apiUrl === FRONTEND_DEFAULT_API) {
    return [{
      id: 'frontend',
      prompt: t('frontend.step.bunChoice', { backend: ctx.to }),
      options: [
        { value: 'set', label: t('frontend.step.optionSet', { url: ctx.apiUrl }) },
        { value: 'remove', label: t('frontend.step.optionRemove', { url: FRONTEND_DEFAULT_API }) },
        { value: 'no', label: t('frontend.step.optionLeave') },
      ],
      default: 'set',
      required: true,
      yesAnswers: true,
    }];
  }
  return [{ ...confirm(t, 'frontend', t('frontend.step.confirm', { url: ctx.apiUrl })), options: [
    { value: 'set', label: t('step.yes') },
    { value: 'no', label: t('step.no') },
  ], default: 'set' }];
}

function changeFor(ctx: StepContext, choice: Answers[string]): FileChange | undefined {
  const path = ctx.project.frontend.env.path;
  const before = existsSync(path) ? readFileSync(path, 'utf8') : null;
  const current = ctx.project.frontend.env.values.VITE_API_URL;
  if (choice === 'no') return undefined;
  if (choice === 'remove') {
    if (before === null || current === undefined) return undefined;
    const without = removeEnvKey(before, 'VITE_API_URL');
    // A file left with only blank lines and comments goes, as the guide says ("remover el archivo").
    const after = without.split('\n').every((line) => line.trim() === '' || line.trim().startsWith('#')) ? null : without;
    return fileChange(ctx, path, before, after);
  }
  if (current === ctx.apiUrl) return undefined;
  return fileChange(ctx, path, before, setEnvValue(before ?? '', 'VITE_API_URL', ctx.apiUrl));
}
