import { UsageError } from '../core/errors.js';
import type { Answers, Question, Step, StepContext, StepEvent, StepOutcome, StepPreview } from './types.js';

export interface StepRecord {
  id: Step['id'];
  preview: StepPreview;
  outcome?: StepOutcome;
  durationMs: number;
  answers: Answers;
}

export type RunEvent =
  | { type: 'step-start'; index: number; total: number; step: Step; preview: StepPreview }
  | { type: 'step-event'; step: Step; event: StepEvent }
  | { type: 'step-end'; step: Step; outcome: StepOutcome; durationMs: number };

export interface RunOptions {
  /** `--yes`: answer every confirmation that a person is not needed for. */
  yes: boolean;
  onEvent?: (event: RunEvent) => void;
}

/**
 * Previews every step first. A repeated switch (every step up to date) is recognised
 * before anything runs; a confirmation nobody may give (no `--yes`, or a stranger's process)
 * stops the run before the first change.
 */
export async function previewAll(ctx: StepContext, steps: readonly Step[]): Promise<StepPreview[]> {
  const previews: StepPreview[] = [];
  for (const step of steps) previews.push(await step.preview(ctx));
  const changing = steps.filter((s, i) => !['preflight', 'verify'].includes(s.id) && previews[i]!.state !== 'up-to-date');
  ctx.nothingToChange = changing.length === 0;
  if (ctx.nothingToChange) previews[0] = await steps[0]!.preview(ctx);
  return previews;
}

/** The non-interactive switch: `switch --to X [--yes]`. */
export async function runSteps(ctx: StepContext, steps: readonly Step[], options: RunOptions): Promise<StepRecord[]> {
  const previews = await previewAll(ctx, steps);
  for (const [i, step] of steps.entries()) {
    const unanswered = previews[i]!.state === 'todo' ? previews[i]!.questions.find((q) => !answerable(q, options.yes)) : undefined;
    if (unanswered) throw needsConfirmation(ctx, step, unanswered, options.yes);
  }
  const records: StepRecord[] = [];
  for (const [index, step] of steps.entries()) {
    const started = performance.now();
    // Earlier steps changed the world: look again just before acting.
    const current = index === 0 ? previews[0]! : await step.preview(ctx);
    options.onEvent?.({ type: 'step-start', index, total: steps.length, step, preview: current });
    const answers = defaultAnswers(current.questions, options.yes);
    const outcome = await decide(ctx, step, current, answers, (event) => options.onEvent?.({ type: 'step-event', step, event }));
    const durationMs = Math.round(performance.now() - started);
    options.onEvent?.({ type: 'step-end', step, outcome, durationMs });
    records.push({ id: step.id, preview: current, outcome, durationMs, answers });
    if (outcome.status === 'failed') break;
  }
  return records;
}

/** One step from its preview: blocked → failed, up to date → unchanged, else apply with the answers. */
export async function decide(ctx: StepContext, step: Step, current: StepPreview, answers: Answers, emit: (event: StepEvent) => void): Promise<StepOutcome> {
  if (current.state === 'blocked') {
    return { status: 'failed', detail: current.blocked!.detail, fix: current.blocked!.fix, commands: [], files: [] };
  }
  if (current.state === 'up-to-date') return { status: 'unchanged', detail: current.lines.join(' '), commands: [], files: [] };
  const missing = current.questions.find((q) => q.required && answers[q.id] === undefined);
  if (missing) {
    return { status: 'failed', detail: ctx.t('run.needsPerson', { prompt: missing.prompt }), fix: ctx.t('run.needsPersonFix'), commands: [], files: [] };
  }
  return step.apply(ctx, answers, emit);
}

function answerable(question: Question, yes: boolean): boolean {
  return !question.required || (yes && question.yesAnswers);
}

function defaultAnswers(questions: Question[], yes: boolean): Answers {
  const answers: Answers = {};
  for (const q of questions) if (yes && q.yesAnswers) answers[q.id] = q.default;
  return answers;
}

function needsConfirmation(ctx: StepContext, step: Step, question: Question, yes: boolean): UsageError {
  const { t } = ctx;
  return new UsageError(
    t(yes ? 'run.needsPersonYes' : 'run.needsYes', { step: t(`step.${step.id}.title`), prompt: question.prompt }),
    t(yes ? 'run.needsPersonYesFix' : 'run.needsYesFix', { to: ctx.to }),
  );
}
