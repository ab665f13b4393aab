import { describeFault } from '../io/faults.js';
import type { StepContext, StepRecord } from '../steps/types.js';
import { VERSION } from '../version.js';
import { redactDeep } from '../util/redact.js';
import { buildReport, type RunReport } from './model.js';
import { saveReport } from './store.js';

/** A run's end as every caller shows it: the report, where it was saved, or why it could not be. */
export interface FinishedRun {
  report: RunReport;
  saved?: { markdown: string; json: string };
  saveError?: string;
}

/** Builds the run's report and saves it; a full disk or a read-only folder is said, never thrown. */
export function finishRun(ctx: StepContext, records: StepRecord[]): FinishedRun {
  // Redacted once, here: the saved files, the screen and `--json` all show this one.
  const report = redactDeep(buildReport(ctx, records, VERSION), ctx.redact);
  try {
    return { report, saved: saveReport(report, ctx.t) };
  } catch (error) {
    return { report, saveError: describeFault(error) };
  }
}
