import type { StepStatus } from '../../steps/types.js';

export const STEP_MARK: Record<StepStatus, { mark: string; color: string }> = {
  done: { mark: '✔', color: 'green' },
  unchanged: { mark: '=', color: 'gray' },
  skipped: { mark: '○', color: 'gray' },
  failed: { mark: '✖', color: 'red' },
};
