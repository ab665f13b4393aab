import type { BackendName, Mode } from '../project/config.js';
import type { RunReport } from '../report/model.js';
import type { StepRecord } from '../steps/run-switch.js';
import type { Answers, Question, Step, StepContext, StepOutcome, StepPreview } from '../steps/types.js';

export type StepPhase = 'loading' | 'asking' | 'running' | 'finished';

export interface StepView {
  phase: StepPhase;
  preview?: StepPreview;
  answers: Answers;
  output: string[];
  outcome?: StepOutcome;
  durationMs: number;
}

export interface WizardState {
  /** 0: direction and mode; 1..steps: a step; steps + 1: the report. */
  screen: number;
  /** The active backend has been looked for (the first screen can preselect). */
  ready: boolean;
  active?: BackendName;
  to?: BackendName;
  mode: Mode;
  steps: StepView[];
  report?: { report: RunReport; path: string };
  error?: string;
}

export interface WizardDeps {
  stepsFor(mode: Mode): readonly Step[];
  detectActive(): Promise<BackendName | undefined>;
  createContext(to: BackendName, mode: Mode): StepContext;
  previewAll(ctx: StepContext, steps: readonly Step[]): Promise<StepPreview[]>;
  decide(ctx: StepContext, step: Step, preview: StepPreview, answers: Answers, emit: (line: string) => void): Promise<StepOutcome>;
  finish(ctx: StepContext, records: StepRecord[]): { report: RunReport; path: string };
}

const OUTPUT_LINES = 200;

/**
 * The wizard's flow with no Ink in it: which screen, which question, what runs. Screens
 * render `state`; keys call the methods. Steps, their answers and the report are the very
 * ones `switch` uses.
 */
export class WizardController {
  state: WizardState;
  private ctx?: StepContext;
  private steps: readonly Step[];
  private listeners = new Set<() => void>();

  constructor(private readonly deps: WizardDeps) {
    this.steps = deps.stepsFor('dev');
    this.state = { screen: 0, ready: false, mode: 'dev', steps: this.steps.map(() => emptyView()) };
  }

  get totalScreens(): number {
    return this.steps.length + 2;
  }

  get currentStep(): Step | undefined {
    return this.steps[this.state.screen - 1];
  }

  get currentView(): StepView | undefined {
    return this.state.steps[this.state.screen - 1];
  }

  /** The first required question of the current step that has no answer yet. */
  get pendingQuestion(): Question | undefined {
    const view = this.currentView;
    if (!view?.preview || view.phase !== 'asking') return undefined;
    return view.preview.questions.find((q) => view.answers[q.id] === undefined);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): WizardState => this.state;

  /** From the report: a new switch (the way back), starting again at the first screen. */
  async restart(): Promise<void> {
    this.ctx = undefined;
    this.state = { screen: 0, ready: false, mode: 'dev', steps: this.steps.map(() => emptyView()) };
    this.set({});
    await this.init();
  }

  async init(): Promise<void> {
    const active = await this.deps.detectActive();
    this.set({ ready: true, ...(active ? { active } : {}), to: active === 'bun' ? 'elixir' : active === 'elixir' ? 'bun' : undefined });
  }

  async chooseDirection(to: BackendName, mode: Mode): Promise<void> {
    this.ctx = this.deps.createContext(to, mode);
    this.steps = this.deps.stepsFor(mode);
    this.set({ to, mode, steps: this.steps.map(() => emptyView()) });
    await this.deps.previewAll(this.ctx, this.steps);
    await this.enter(1);
  }

  /** Answers the pending question; when none is left, the step runs. */
  async answer(value: string): Promise<void> {
    const question = this.pendingQuestion;
    if (!question) return;
    const view = this.currentView!;
    this.updateView({ answers: { ...view.answers, [question.id]: value } });
    if (!this.pendingQuestion) await this.run();
  }

  /** From a finished step to the next screen (or the report after the last). */
  async next(): Promise<void> {
    const view = this.currentView;
    if (view?.phase !== 'finished' || view.outcome?.status === 'failed') return;
    if (this.state.screen < this.steps.length) await this.enter(this.state.screen + 1);
    else this.showReport();
  }

  /** Retry a failed step: look again, ask again. `keepWaiting` answers a start step with "I'll start it" (wait only). */
  async retry(extra: Answers = {}): Promise<void> {
    const view = this.currentView;
    if (view?.outcome?.status !== 'failed') return;
    await this.enter(this.state.screen, extra);
  }

  back(): void {
    const view = this.currentView;
    if (this.state.screen === 0 || view?.phase === 'running' || view?.phase === 'loading') return;
    if (this.state.screen > this.steps.length) return;
    this.set({ screen: this.state.screen - 1 });
  }

  /** Give up at a failed step: the report records what ran. */
  stop(): void {
    if (this.ctx && !this.state.report) this.showReport();
  }

  extendHealthWait(ms: number): void {
    if (this.ctx) this.ctx.healthTimeoutMs += ms;
  }

  private async enter(screen: number, extraAnswers: Answers = {}): Promise<void> {
    const index = screen - 1;
    const existing = this.state.steps[index]!;
    this.set({ screen });
    // Coming back to a finished step shows what happened; it does not run it again.
    if (existing.phase === 'finished' && existing.outcome?.status !== 'failed' && Object.keys(extraAnswers).length === 0) return;
    this.updateView({ ...emptyView(), phase: 'loading' });
    const preview = await this.steps[index]!.preview(this.ctx!, extraAnswers);
    const answers = { ...extraAnswers };
    this.updateView({ preview, answers, phase: preview.state === 'todo' && preview.questions.some((q) => answers[q.id] === undefined) ? 'asking' : 'running' });
    if (this.currentView!.phase === 'running') await this.run();
  }

  private async run(): Promise<void> {
    const step = this.currentStep!;
    const view = this.currentView!;
    this.updateView({ phase: 'running', output: [] });
    const started = performance.now();
    const outcome = await this.deps.decide(this.ctx!, step, view.preview!, view.answers, (line) => {
      const output = [...this.currentView!.output, line].slice(-OUTPUT_LINES);
      this.updateView({ output });
    });
    this.updateView({ phase: 'finished', outcome, durationMs: Math.round(performance.now() - started) });
  }

  private showReport(): void {
    const records: StepRecord[] = this.steps.flatMap((step, i) => {
      const view = this.state.steps[i]!;
      return view.outcome ? [{ id: step.id, preview: view.preview!, outcome: view.outcome, durationMs: view.durationMs, answers: view.answers }] : [];
    });
    const report = this.deps.finish(this.ctx!, records);
    this.set({ report, screen: this.steps.length + 1 });
  }

  private updateView(patch: Partial<StepView>): void {
    const index = this.state.screen - 1;
    const steps = this.state.steps.map((view, i) => (i === index ? { ...view, ...patch } : view));
    this.set({ steps });
  }

  private set(patch: Partial<WizardState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}

function emptyView(): StepView {
  return { phase: 'loading', answers: {}, output: [], durationMs: 0 };
}
