import type { BackendName, Mode } from '../project/config.js';
import { otherBackend } from '../backends/index.js';
import type { RunReport } from '../report/model.js';
import type { AfterFailure, Answerer, EngineEvent, RunProgress } from '../steps/engine.js';
import type { Answers, Question, Step, StepOutcome, StepPreview } from '../steps/types.js';
import { checklist, PHASES, phaseEnd, type ChecklistItem, type Phase, type RunSoFar } from '../steps/checklist.js';

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
  /** The screen of the step the engine is on (the person may be looking at an earlier one). */
  engineScreen: number;
  question?: Question;
  report?: { report: RunReport; path: string };
  error?: string;
}

/** One switch run for the wizard: the engine, answered from the screen. */
export interface WizardRun {
  run(): Promise<{ report: RunReport; path: string }>;
  progress(): RunProgress;
}

export interface WizardDeps {
  stepsFor(mode: Mode): readonly Step[];
  detectActive(): Promise<BackendName | undefined>;
  createRun(to: BackendName, mode: Mode, answerer: Answerer, onEvent: (event: EngineEvent) => void): WizardRun;
  /** An error the run ended with (the lock is held, a file cannot be read), in the person's language. */
  describeError(error: unknown): string;
}

const OUTPUT_LINES = 200;

/**
 * The wizard's state with no Ink in it. The switch itself is the engine's; this class turns
 * its events into screens and the person's keys into the engine's answers. Screens render
 * `state`; keys call the methods.
 */
export class WizardController {
  state: WizardState;
  private steps: readonly Step[];
  private listeners = new Set<() => void>();
  private current?: WizardRun;
  private pending: { answer?: (value: string) => void; proceed?: () => void; failure?: (choice: AfterFailure) => void } = {};
  /** A key pressed between the step's end and the engine asking what next: kept, not lost. */
  private early: { proceed?: true; failure?: AfterFailure } = {};

  constructor(private readonly deps: WizardDeps) {
    this.steps = deps.stepsFor('dev');
    this.state = initialState(this.steps);
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

  /** Guide §5's checklist of the phase this screen ends (pre-flight, the last step of the change, the post-switch checks). */
  get checklistHere(): { phase: Phase; items: ChecklistItem[] } | undefined {
    const step = this.currentStep;
    const phase = PHASES.find((p) => step && phaseEnd(p, this.state.mode) === step.id);
    if (!phase) return undefined;
    const run: RunSoFar = Object.fromEntries(this.steps.map((s, i) => [s.id, this.state.steps[i]]));
    return { phase, items: checklist(phase, run, this.state.mode) };
  }

  /** The question waiting for the person, when they are looking at its step. */
  get pendingQuestion(): Question | undefined {
    return this.state.screen === this.state.engineScreen && this.currentView?.phase === 'asking' ? this.state.question : undefined;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): WizardState => this.state;

  progress(): RunProgress | undefined {
    return this.current?.progress();
  }

  /** From the report: a new switch (the way back), starting again at the first screen with everything read anew. */
  async restart(): Promise<void> {
    this.current = undefined;
    this.pending = {};
    this.early = {};
    this.steps = this.deps.stepsFor('dev');
    this.state = initialState(this.steps);
    this.notify();
    await this.init();
  }

  async init(): Promise<void> {
    const active = await this.deps.detectActive();
    if (this.current) return; // a direction was chosen meanwhile (after presume): the run reads the world itself
    const to = this.state.ready && this.state.to && this.state.to !== active ? this.state.to : active && otherBackend(active);
    this.set({ ready: true, active, to });
  }

  /**
   * The first screen at once, before the active backend can be looked for: the demo names
   * the backend it is starting, and init() looks for it once its services are up.
   */
  presume(active: BackendName): void {
    if (!this.state.ready) this.set({ ready: true, active, to: otherBackend(active) });
  }

  /** Starts the engine; resolves when the run has ended (its report is on screen). */
  async chooseDirection(to: BackendName, mode: Mode): Promise<void> {
    this.steps = this.deps.stepsFor(mode);
    this.set({ to, mode, steps: this.steps.map(() => emptyView()), screen: 1, engineScreen: 1 });
    const run = this.deps.createRun(to, mode, this.answerer(), (event) => this.onEvent(event));
    this.current = run;
    try {
      const report = await run.run();
      if (this.current === run) this.set({ report, screen: this.steps.length + 1, question: undefined });
    } catch (error) {
      if (this.current === run) this.set({ error: this.deps.describeError(error), screen: 0, ready: true });
    }
  }

  /** Answers the waiting question. */
  async answer(value: string): Promise<void> {
    const question = this.pendingQuestion;
    const resolve = this.pending.answer;
    if (!question || !resolve) return;
    this.pending.answer = undefined;
    this.updateView(this.state.engineScreen, { answers: { ...this.currentView!.answers, [question.id]: value }, phase: 'running' });
    this.set({ question: undefined });
    resolve(value);
  }

  /** From a finished step to the next screen; on the engine's own step, lets the run go on. */
  async next(): Promise<void> {
    const view = this.currentView;
    if (view?.phase !== 'finished' || view.outcome?.status === 'failed') return;
    if (this.state.screen < this.state.engineScreen) return this.set({ screen: this.state.screen + 1 });
    const proceed = this.pending.proceed;
    this.pending.proceed = undefined;
    if (proceed) proceed();
    else this.early.proceed = true;
  }

  /** Retry a failed step: the engine looks again and asks again, from a clean screen. */
  async retry(answers: Answers = {}, extendHealthMs?: number): Promise<void> {
    this.settleFailure({ retry: true, answers, ...(extendHealthMs ? { extendHealthMs } : {}) });
  }

  /** Give up at a failed step: the engine ends the run, and its report records what ran. */
  stop(): void {
    this.settleFailure({ retry: false });
  }

  back(): void {
    const view = this.currentView;
    if (this.state.screen <= 1 || this.state.report || view?.phase === 'running' || view?.phase === 'loading') return;
    this.set({ screen: this.state.screen - 1 });
  }

  private settleFailure(choice: AfterFailure): void {
    if (this.currentView?.outcome?.status !== 'failed' || this.state.screen !== this.state.engineScreen) return;
    const resolve = this.pending.failure;
    this.pending.failure = undefined;
    if (resolve) resolve(choice);
    else this.early.failure = choice;
  }

  private answerer(): Answerer {
    return {
      person: true,
      answer: (question) => new Promise((resolve) => {
        this.pending.answer = resolve;
        this.set({ question });
        this.updateView(this.state.engineScreen, { phase: 'asking' });
      }),
      proceed: () => new Promise<void>((resolve) => {
        if (this.early.proceed) resolve();
        else this.pending.proceed = resolve;
        this.early = {};
      }),
      afterFailure: () => new Promise<AfterFailure>((resolve) => {
        if (this.early.failure) resolve(this.early.failure);
        else this.pending.failure = resolve;
        this.early = {};
      }),
    };
  }

  private onEvent(event: EngineEvent): void {
    switch (event.type) {
      case 'step-start': {
        const screen = event.index + 1;
        this.early = {};
        this.set({ screen, engineScreen: screen, question: undefined });
        this.updateView(screen, { ...emptyView(), preview: event.preview, phase: 'running' });
        break;
      }
      case 'output': {
        const screen = event.index + 1;
        const text = event.event.type === 'line' ? event.event.line : event.event.text;
        this.updateView(screen, { output: [...this.state.steps[event.index]!.output, text].slice(-OUTPUT_LINES) });
        break;
      }
      case 'step-end':
        this.updateView(event.index + 1, { phase: 'finished', outcome: event.outcome, durationMs: event.durationMs });
        break;
      default:
        break;
    }
  }

  private updateView(screen: number, patch: Partial<StepView>): void {
    const index = screen - 1;
    this.set({ steps: this.state.steps.map((view, i) => (i === index ? { ...view, ...patch } : view)) });
  }

  private set(patch: Partial<WizardState>): void {
    this.state = { ...this.state, ...patch };
    this.notify();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}

function initialState(steps: readonly Step[]): WizardState {
  return { screen: 0, ready: false, mode: 'dev', steps: steps.map(() => emptyView()), engineScreen: 0 };
}

function emptyView(): StepView {
  return { phase: 'loading', answers: {}, output: [], durationMs: 0 };
}
