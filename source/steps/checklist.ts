import type { CheckResult } from '../core/check.js';
import type { MessageKey } from '../i18n/en.js';
import type { Mode } from '../project/config.js';
import type { Answers, StepId, StepOutcome, StepPreview } from './types.js';
import type { VerifyData } from './verify.js';

export type Phase = 'before' | 'during' | 'after';

/** Done by the tool, failed, for the person to confirm, not applicable, not reached yet. */
export type ChecklistState = 'done' | 'failed' | 'confirm' | 'na' | 'pending';
export const PHASES: readonly Phase[] = ['before', 'during', 'after'];

const ITEMS = {
  before: ['backup', 'migrations', 'logs', 'team', 'jobs'],
  during: ['stop', 'deps', 'migrate', 'configure', 'start', 'tests'],
  after: ['health', 'cors', 'ws', 'jwt', 'frontend', 'login', 'webhook', 'testApplication', 'logs', 'tellTeam'],
} as const;

/** One line of guide §5's checklist and its state. */
export type ChecklistItem = { [P in Phase]: { phase: P; id: (typeof ITEMS)[P][number]; state: ChecklistState } }[Phase];

/** The item's words, as the guide writes them (in the person's language). */
export function itemKey(item: ChecklistItem): MessageKey {
  switch (item.phase) {
    case 'before':
      return `checklist.before.${item.id}`;
    case 'during':
      return `checklist.during.${item.id}`;
    case 'after':
      return `checklist.after.${item.id}`;
  }
}

/** What is known of a step so far: its preview, the answers given, its outcome once it ran. */
export interface StepSoFar {
  preview?: StepPreview | undefined;
  answers: Answers;
  outcome?: StepOutcome | undefined;
}

export type RunSoFar = Partial<Record<StepId, StepSoFar>>;

/** The step at the end of which the phase is complete: where the wizard shows its checklist. */
export function phaseEnd(phase: Phase, mode: Mode): StepId {
  if (phase === 'before') return 'preflight';
  if (phase === 'during') return mode === 'docker' ? 'up' : 'start';
  return 'verify';
}

/** Guide §5's three lists, each item's state read from what the run did and was told. */
export function checklist(phase: Phase, run: RunSoFar, mode: Mode): ChecklistItem[] {
  if (phase === 'before') return rows('before', before(run));
  if (phase === 'during') return rows('during', during(run, mode));
  return rows('after', after(run));
}

type Row<P extends Phase> = [(typeof ITEMS)[P][number], ChecklistState];

function rows<P extends Phase>(phase: P, found: Row<P>[]): { phase: P; id: (typeof ITEMS)[P][number]; state: ChecklistState }[] {
  return found.map(([id, state]) => ({ phase, id, state }));
}

function before(run: RunSoFar): Row<'before'>[] {
  const preflight = run.preflight;
  const finished = preflight?.outcome;
  const backup = finished?.data?.backup;
  const asked = (id: string) => preflight?.preview?.questions.some((q) => q.id === id) ?? false;
  return [
    ['backup', !finished ? 'pending' : finished.status === 'failed' && !backup ? 'failed' : backup ? 'done' : 'na'],
    ['migrations', preflight?.preview ? 'done' : 'pending'],
    ['logs', preflight?.preview ? 'done' : 'pending'],
    ['team', confirmation(preflight?.answers.downtime)],
    ['jobs', !preflight?.preview ? 'pending' : asked('strandedJobs') ? confirmation(preflight.answers.strandedJobs) : 'done'],
  ];
}

function during(run: RunSoFar, mode: Mode): Row<'during'>[] {
  const step = (id: StepId): ChecklistState => stepState(run[id]?.outcome);
  const tests = run.tests?.outcome?.status === 'skipped' ? 'confirm' : step('tests');
  if (mode === 'docker') {
    return [['stop', step('up')], ['deps', 'na'], ['migrate', step('migrate')], ['configure', combined([step('secrets'), step('compose'), step('dockerfile')])], ['start', step('up')], ['tests', 'na']];
  }
  return [['stop', step('stop')], ['deps', step('deps')], ['migrate', step('migrate')], ['configure', step('frontend')], ['start', step('start')], ['tests', tests]];
}

function after(run: RunSoFar): Row<'after'>[] {
  const data = run.verify?.outcome?.data as Partial<VerifyData> | undefined;
  const check = (id: string): ChecklistState => checkState(data?.checks?.find((c) => c.id === id));
  const item = (id: 'login' | 'webhook' | 'testApplication' | 'logs' | 'tellTeam'): ChecklistState => {
    const manual = data?.manual?.find((m) => m.item === id);
    if (manual) return manual.answer === 'confirmed' ? 'done' : manual.answer === 'declined' ? 'failed' : manual.answer === 'not-applicable' ? 'na' : 'confirm';
    const smoke = data?.smoke?.find((s) => s.id === id);
    if (smoke) return smoke.status === 'ok' ? 'done' : smoke.status === 'fail' ? 'failed' : 'confirm';
    if (!data) return 'pending';
    return id === 'webhook' && run.verify?.outcome?.status !== 'failed' ? 'confirm' : 'pending';
  };
  return [
    ['health', check('health')],
    ['cors', check('cors')],
    ['ws', check('ws')],
    ['jwt', check('jwt')],
    ['frontend', check('frontend')],
    ['login', item('login')],
    ['webhook', item('webhook')],
    ['testApplication', item('testApplication')],
    ['logs', item('logs')],
    ['tellTeam', item('tellTeam')],
  ];
}

function confirmation(answer: string | undefined): ChecklistState {
  return answer === 'yes' ? 'done' : answer === 'no' ? 'failed' : 'confirm';
}

function stepState(outcome: StepOutcome | undefined): ChecklistState {
  if (!outcome) return 'pending';
  if (outcome.status === 'failed') return 'failed';
  return outcome.status === 'skipped' ? 'na' : 'done';
}

function checkState(result: CheckResult | undefined): ChecklistState {
  if (!result) return 'pending';
  return result.status === 'ok' || result.status === 'warn' ? 'done' : result.status === 'fail' ? 'failed' : 'na';
}

function combined(states: ChecklistState[]): ChecklistState {
  for (const state of ['failed', 'pending', 'confirm'] as const) if (states.includes(state)) return state;
  return 'done';
}
