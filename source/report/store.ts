import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Translate } from '../i18n/index.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { ensureDir, stateDir } from '../io/state.js';
import { newestReportFile } from '../io/last-switch.js';
import { reportMarkdown } from './markdown.js';
import type { RunReport } from './model.js';

/** `.backend-switch/reports/<run-id>.md` and `.json`. */
export function saveReport(report: RunReport, t: Translate): { markdown: string; json: string } {
  const dir = ensureDir(stateDir(report.root, 'reports'));
  const markdown = join(dir, `${report.runId}.md`);
  const json = join(dir, `${report.runId}.json`);
  writeFileAtomic(json, `${JSON.stringify(report, null, 2)}\n`, { mode: 0o600 });
  writeFileAtomic(markdown, reportMarkdown(report, t), { mode: 0o600 });
  return { markdown, json };
}

export function lastReport(root: string): RunReport | undefined {
  const file = newestReportFile(root);
  return file ? (JSON.parse(readFileSync(file, 'utf8')) as RunReport) : undefined;
}
