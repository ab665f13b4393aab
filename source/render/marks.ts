import type { CheckStatus } from '../core/check.js';
import type { StepStatus } from '../steps/types.js';
import type { ChecklistState } from '../steps/checklist.js';

/** The one table of status marks: text output, the Ink screens and the Markdown report. */
export const CHECK_MARK: Record<CheckStatus, { mark: string; color: 'green' | 'yellow' | 'red' | 'gray' }> = {
  ok: { mark: '✔', color: 'green' },
  warn: { mark: '⚠', color: 'yellow' },
  fail: { mark: '✖', color: 'red' },
  skip: { mark: '○', color: 'gray' },
};

export const STEP_MARK: Record<StepStatus, { mark: string; color: 'green' | 'red' | 'gray' }> = {
  done: { mark: '✔', color: 'green' },
  unchanged: { mark: '=', color: 'gray' },
  skipped: { mark: '○', color: 'gray' },
  failed: { mark: '✖', color: 'red' },
};

export const STATUS_MARK: Record<StepStatus, string> = Object.fromEntries(Object.entries(STEP_MARK).map(([k, v]) => [k, v.mark])) as Record<StepStatus, string>;


export const CHECKLIST_MARK: Record<ChecklistState, { mark: string; color: 'green' | 'red' | 'yellow' | 'gray' }> = {
  done: { mark: '✔', color: 'green' },
  failed: { mark: '✖', color: 'red' },
  confirm: { mark: '☐', color: 'yellow' },
  na: { mark: '–', color: 'gray' },
  pending: { mark: '·', color: 'gray' },
};
