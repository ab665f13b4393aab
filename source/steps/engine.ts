import { UsageError } from '../util/errors.js';
import { acquireLock, lockedError } from '../io/lock.js';
import type { BackendName, Mode } from '../project/config.js';
import { describeFault } from '../io/faults.js';
import { runGate, type GateFailure } from './gate.js';
import { stepsFor } from './index.js';
import type { Answers, Question, Step, StepContext, StepEvent, StepOutcome, StepPreview, StepRecord } from './types.js';

export type { StepRecord };

export type EngineEvent<R = unknown> =
  | { type: 'previews'; steps: readonly Step[]; previews: StepPreview[]; nothingToChange: boolean }
  | { type: 'gate'; failures: GateFailure[] }
  | { type: 'step-start'; index: number; total: number; step: Step; preview: StepPreview }
  | { type: 'question'; index: number; step: Step; question: Question }
  | { type: 'output'; index: number; step: Step; event: StepEvent }
  | { type: 'step-end'; index: number; step: Step; outcome: StepOutcome; durationMs: number }
  | { type: 'run-end'; finished: R };

export type AfterFailure = { retry: false } | { retry: true; answers?: Answers; extendHealthMs?: number };

/** Who answers the engine's questions: `--yes`, a script, or the person at the wizard. */
export interface Answerer {
  /**
   * Whether a person answers as the run goes. Without one, every required question is asked
   * up front, and one that nobody may answer stops the run before its first change (exit 2).
   */
  readonly person: boolean;
  /** The answer's value, or undefined when nobody here may answer it. */
  answer(question: Question, step: Step): Promise<string | undefined>;
  /** A step failed: try it again (with extra answers), or end the run there. */
  afterFailure(step: Step, outcome: StepOutcome): Promise<AfterFailure>;
  /** A step ended well: resolves when the run may go on (the wizard waits for Enter). */
  proceed(step: Step, outcome: StepOutcome): Promise<void>;
}

/**
 * How a run ends: the caller turns the records into its report (and saves it). The engine
 * knows no report format: that belongs to the layer above.
 */
export type Finish<R> = (ctx: StepContext, records: StepRecord[]) => R;

export interface EngineOptions<R> {
  to: BackendName;
  mode: Mode;
  /** A fresh context for each run: the monorepo read anew, a new run id and journal. */
  createContext(to: BackendName, mode: Mode): StepContext;
  answerer: Answerer;
  onEvent?: (event: EngineEvent<R>) => void;
  finish: Finish<R>;
  /** The steps to run; by default the guide's for the mode. */
  steps?: (mode: Mode) => readonly Step[];
}

export interface RunResult<R> {
  ctx: StepContext;
  records: StepRecord[];
  finished: R;
}

/** Where an interrupted run stood: what it changed, and what it started. */
export interface RunProgress {
  files: string[];
  startedPid?: number;
}

/**
 * The one switch engine, for the wizard, `switch` and `plan`. Each run reads the monorepo and
 * the world anew, runs the target's blocking checks before its first change, turns a step
 * that throws into that step's failure, holds `.backend-switch/lock` while it may change
 * anything, and always ends with a saved report.
 */
export class SwitchEngine<R> {
  private current?: StepContext;
  private startedPid?: number;

  constructor(private readonly options: EngineOptions<R>) {}

  /** What the run has done so far, for the message after Ctrl+C. */
  progress(): RunProgress {
    return { files: this.current?.journal.entries.map((e) => e.path) ?? [], ...(this.startedPid ? { startedPid: this.startedPid } : {}) };
  }

  /** `plan`: every step's preview; nothing is run and nothing is written. */
  async plan(): Promise<{ ctx: StepContext; steps: readonly Step[]; previews: StepPreview[] }> {
    const ctx = this.options.createContext(this.options.to, this.options.mode);
    const steps = this.stepsFor(ctx.mode);
    const previews = await previewAll(ctx, steps);
    this.emit({ type: 'previews', steps, previews, nothingToChange: ctx.nothingToChange });
    return { ctx, steps, previews };
  }

  async run(): Promise<RunResult<R>> {
    const { to, mode } = this.options;
    const ctx = this.options.createContext(to, mode);
    this.current = ctx;
    const lock = acquireLock(ctx.project.root, { runId: ctx.runId, kind: 'switch' });
    if (!lock.ok) throw lockedError(lock.holder);
    try {
      return await this.runLocked(ctx);
    } finally {
      lock.release();
    }
  }

  private stepsFor(mode: Mode): readonly Step[] {
    return (this.options.steps ?? stepsFor)(mode);
  }

  private async runLocked(ctx: StepContext): Promise<RunResult<R>> {
    const steps = this.stepsFor(ctx.mode);
    const previews = await previewAll(ctx, steps).catch((error: unknown) => {
      throw new UsageError({ key: 'run.unreadable', params: { message: describeFault(error) } }, { key: 'run.unreadableFix' });
    });
    this.emit({ type: 'previews', steps, previews, nothingToChange: ctx.nothingToChange });
    if (!this.options.answerer.person) await this.answerableUpFront(ctx, steps, previews);
    // From here the run counts, whatever it changes: `rollback` must know it was the newest.
    ctx.journal.begin({ kind: 'switch', title: `${ctx.from} → ${ctx.to} (${ctx.mode})` });
    const records: StepRecord[] = [];
    for (let index = 0; index < steps.length; index++) {
      const record = await this.runStep(ctx, steps, index, index === 0 ? previews : undefined);
      records.push(record);
      if (record.outcome.status === 'failed') break;
    }
    return this.finish(ctx, records);
  }

  /** One step, retried for as long as the answerer asks. */
  private async runStep(ctx: StepContext, steps: readonly Step[], index: number, previews: StepPreview[] | undefined): Promise<StepRecord> {
    const step = steps[index]!;
    const { answerer } = this.options;
    let extra: Answers = {};
    let known = previews;
    for (;;) {
      const started = performance.now();
      const answers: Answers = { ...extra };
      let preview: StepPreview | undefined;
      let outcome: StepOutcome;
      try {
        if (!known) {
          // Earlier steps (or a retry after a fix) changed the world: read it again just before acting.
          ctx.reload();
          known = step.id === 'preflight' ? await previewAll(ctx, steps) : undefined;
        }
        preview = known?.[index] ?? (await step.preview(ctx, extra));
        this.emit({ type: 'step-start', index, total: steps.length, step, preview });
        const blocked = step.id === 'preflight' ? await this.gate(ctx, steps, known!, preview) : undefined;
        outcome = blocked ?? (await this.decideWithAnswers(ctx, step, index, preview, answers));
      } catch (error) {
        if (ctx.signal.aborted) throw error;
        outcome = { status: 'failed', detail: ctx.t('run.stepThrew', { message: describeFault(error) }), fix: ctx.t('run.stepThrewFix'), commands: [], files: [] };
      }
      if (step.id === 'start' && typeof outcome.data?.pid === 'number') this.startedPid = outcome.data.pid;
      const durationMs = Math.round(performance.now() - started);
      this.emit({ type: 'step-end', index, step, outcome, durationMs });
      const record: StepRecord = { id: step.id, preview: preview ?? emptyPreview(), outcome, durationMs, answers };
      if (outcome.status !== 'failed') {
        await answerer.proceed(step, outcome);
        return record;
      }
      const next = await answerer.afterFailure(step, outcome);
      if (!next.retry) return record;
      extra = next.answers ?? {};
      if (next.extendHealthMs) ctx.healthTimeoutMs += next.extendHealthMs;
      known = undefined;
    }
  }

  /** Asks the step's questions one at a time (into `answers`), then applies it. */
  private async decideWithAnswers(ctx: StepContext, step: Step, index: number, preview: StepPreview, answers: Answers): Promise<StepOutcome> {
    if (preview.state === 'todo') {
      for (const question of preview.questions) {
        if (answers[question.id] !== undefined) continue;
        this.emit({ type: 'question', index, step, question });
        const value = await this.options.answerer.answer(question, step);
        if (value !== undefined) answers[question.id] = value;
      }
    }
    const outcome = await decide(ctx, step, preview, answers, (event) => this.emit({ type: 'output', index, step, event }));
    if (outcome.status === 'failed' || !step.followUp || !step.settle) return outcome;
    for (const question of step.followUp(ctx, outcome)) {
      this.emit({ type: 'question', index, step, question });
      const value = await this.options.answerer.answer(question, step);
      if (value !== undefined) answers[question.id] = value;
    }
    return step.settle(ctx, outcome, answers);
  }

  /** The pre-flight starts with the gate: a failure there is the pre-flight's, before any change. */
  private async gate(ctx: StepContext, steps: readonly Step[], previews: StepPreview[], preview: StepPreview): Promise<StepOutcome | undefined> {
    if (ctx.nothingToChange || preview.state !== 'todo') return undefined;
    const failures = await runGate(ctx, steps, previews);
    this.emit({ type: 'gate', failures });
    if (failures.length === 0) return undefined;
    return {
      status: 'failed',
      detail: ctx.t('gate.failed', { count: failures.length, items: failures.map((f) => f.detail).join('\n') }),
      fix: failures.map((f) => f.fix).filter(Boolean).join('\n'),
      commands: [],
      files: [],
      data: { gate: failures },
    };
  }

  /** Without a person, every required question must have its answer before anything changes. */
  private async answerableUpFront(ctx: StepContext, steps: readonly Step[], previews: StepPreview[]): Promise<void> {
    for (const [i, step] of steps.entries()) {
      if (previews[i]!.state !== 'todo') continue;
      for (const question of previews[i]!.questions.filter((q) => q.required)) {
        if ((await this.options.answerer.answer(question, step)) === undefined) throw needsConfirmation(ctx, step, question);
      }
    }
  }

  private finish(ctx: StepContext, records: StepRecord[]): RunResult<R> {
    const finished = this.options.finish(ctx, records);
    this.emit({ type: 'run-end', finished });
    return { ctx, records, finished };
  }

  private emit(event: EngineEvent<R>): void {
    this.options.onEvent?.(event);
  }
}

/**
 * Previews every step first. A repeated switch (every step up to date) is recognised before
 * anything runs, and the pre-flight then says so instead of planning a backup.
 */
export async function previewAll(ctx: StepContext, steps: readonly Step[]): Promise<StepPreview[]> {
  ctx.nothingToChange = false;
  const previews: StepPreview[] = [];
  for (const step of steps) previews.push(await step.preview(ctx));
  const changing = steps.filter((s, i) => !['preflight', 'verify'].includes(s.id) && !s.onlyWhenSwitching && previews[i]!.state !== 'up-to-date');
  ctx.nothingToChange = changing.length === 0;
  if (!ctx.nothingToChange) return previews;
  for (const [i, step] of steps.entries()) {
    if (i === 0 || step.onlyWhenSwitching) previews[i] = await step.preview(ctx);
  }
  return previews;
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

/** `switch --yes` and scripts: the defaults a flag may give, nothing a person must decide. */
export function scriptedAnswerer(yes: boolean): Answerer {
  return {
    person: false,
    answer: async (question) => (yes && question.yesAnswers ? question.default : undefined),
    afterFailure: async () => ({ retry: false }),
    proceed: async () => {},
  };
}

function needsConfirmation(ctx: StepContext, step: Step, question: Question): UsageError {
  const { t } = ctx;
  const yes = question.yesAnswers; // answerable by --yes, so --yes was not given
  return new UsageError(
    { key: yes ? 'run.needsYes' : 'run.needsPersonYes', params: { step: t(`step.${step.id}.title`), prompt: question.prompt } },
    { key: yes ? 'run.needsYesFix' : 'run.needsPersonYesFix', params: { to: ctx.to } },
  );
}


function emptyPreview(): StepPreview {
  return { state: 'blocked', lines: [], changes: [], commands: [], questions: [] };
}
