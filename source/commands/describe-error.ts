import { UsageError } from '../util/errors.js';
import type { Translate } from '../i18n/index.js';
import { describeFault } from '../io/faults.js';

/** An error a run ended with, for a screen: a usage error's problem and fix, else the fault in words. */
export function describeError(error: unknown, t: Translate): string {
  if (error instanceof UsageError) {
    const { problem, fix } = error.describe(t);
    return fix ? `${problem}\n${t('cli.fix')}: ${fix}` : problem;
  }
  return describeFault(error);
}
