import type { CheckContext } from '../core/check.js';
import type { Translate } from '../i18n/index.js';
import type { Journal } from '../io/journal.js';
import type { DiffLine } from '../edits/diff.js';
import type { CommandRecord } from '../io/run-command.js';
import type { BackendName, Mode } from '../project/config.js';
import type { Project } from '../project/project.js';
import type { Redactor } from '../util/redact.js';

export const STEP_IDS = ['preflight', 'deps', 'tests', 'stop', 'database', 'secrets', 'compose', 'dockerfile', 'build', 'migrate', 'frontend', 'start', 'up', 'verify'] as const;
export type StepId = (typeof STEP_IDS)[number];

export interface Option {
  value: string;
  label: string;
}

/** Something the user must decide before a step changes anything. */
export interface Question {
  id: string;
  prompt: string;
  options: Option[];
  default: string;
  /**
   * required: the step cannot go on without an answer; `--yes` gives the default unless
   * `yesAnswers` is false (stopping a process that is not a backend needs a person).
   * Optional questions (manual checklist items) are recorded as skipped when nobody answers.
   */
  required: boolean;
  yesAnswers: boolean;
}

export interface FileChange {
  /** Absolute path. */
  path: string;
  before: string | null;
  after: string | null;
  /** The unified diff as it may be shown: redacted (built by `fileChange`). */
  diff: DiffLine[];
  /** Written 0600 (it holds secrets). */
  secret?: boolean;
}

export interface StepPreview {
  state: 'todo' | 'up-to-date' | 'blocked';
  lines: string[];
  changes: FileChange[];
  commands: string[];
  questions: Question[];
  blocked?: { detail: string; fix: string };
}

export type Answers = Record<string, string>;

export type StepStatus = 'done' | 'unchanged' | 'skipped' | 'failed';

export interface StepOutcome {
  status: StepStatus;
  detail: string;
  fix?: string;
  commands: CommandRecord[];
  files: string[];
  data?: Record<string, unknown>;
}

export type StepEvent = { type: 'line'; line: string } | { type: 'progress'; text: string };

/** Everything a step may use. The wizard, `switch` and `plan` build the same one. */
export interface StepContext {
  project: Project;
  /** Re-reads the monorepo from disk after a step changed it. */
  reload(): void;
  from: BackendName;
  to: BackendName;
  mode: Mode;
  runId: string;
  startedAt: Date;
  t: Translate;
  apiUrl: string;
  frontendOrigin: string;
  timeoutMs: number;
  /** How long `start` waits for /health before giving up (the wizard can extend it). */
  healthTimeoutMs: number;
  journal: Journal;
  redact: Redactor;
  signal: AbortSignal;
  sleep(ms: number): Promise<void>;
  /** The Docker Engine API socket; undefined: DOCKER_HOST or /var/run/docker.sock. */
  dockerSocket?: string;
  /** Rehearse the target's migrations on a scratch copy before the first change (--no-rehearse, rehearse.enabled). */
  rehearse: boolean;
  /** Secrets this run generated (SECRET_KEY_BASE, …): generated once, previewed and written the same. */
  generated: Record<string, string>;
  /** Set by the runner when no later step has anything to change: a repeated switch. */
  nothingToChange: boolean;
  /** The check context judging the target backend. */
  checks(): CheckContext;
  /** The environment a backend's commands run with: this process's, plus the backend's `.env`. */
  commandEnv(backend: BackendName): Record<string, string>;
}

/** What one step did in a run: its preview, answers and outcome. */
export interface StepRecord {
  id: StepId;
  preview: StepPreview;
  outcome: StepOutcome;
  durationMs: number;
  answers: Answers;
}

export interface Step {
  id: StepId;
  /** Work that only a switch needs (installing, testing): not a change of its own, and up to date when nothing else changes. */
  onlyWhenSwitching?: boolean;
  preview(ctx: StepContext, answers?: Answers): Promise<StepPreview>;
  apply(ctx: StepContext, answers: Answers, emit: (event: StepEvent) => void): Promise<StepOutcome>;
  /**
   * Questions that depend on what `apply` found (the post-switch checklist asks a person only
   * what its automatic checks could not establish), asked after it, then `settle` records them.
   */
  followUp?(ctx: StepContext, outcome: StepOutcome): Question[];
  settle?(ctx: StepContext, outcome: StepOutcome, answers: Answers): StepOutcome;
}

export function preview(partial: Partial<StepPreview> & Pick<StepPreview, 'state'>): StepPreview {
  return { lines: [], changes: [], commands: [], questions: [], ...partial };
}

export function outcome(partial: Partial<StepOutcome> & Pick<StepOutcome, 'status' | 'detail'>): StepOutcome {
  return { commands: [], files: [], ...partial };
}

export function confirm(t: Translate, id: string, prompt: string, options: { required?: boolean; yesAnswers?: boolean; defaultNo?: boolean } = {}): Question {
  return {
    id,
    prompt,
    options: [
      { value: 'yes', label: t('step.yes') },
      { value: 'no', label: t('step.no') },
    ],
    default: options.defaultNo ? 'no' : 'yes',
    required: options.required ?? true,
    yesAnswers: options.yesAnswers ?? true,
  };
}
