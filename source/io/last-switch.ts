import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BACKENDS, type BackendName, type Mode } from '../project/config.js';
import { stateDir } from './state.js';

/** The newest saved report's file (`.backend-switch/reports/<run-id>.json`), if any. */
export function newestReportFile(root: string): string | undefined {
  const dir = stateDir(root, 'reports');
  if (!existsSync(dir)) return undefined;
  const newest = readdirSync(dir).filter((f) => f.endsWith('.json')).sort().pop();
  return newest ? join(dir, newest) : undefined;
}

/** Where the newest switch that did not fail left the monorepo; undefined when none did or the report is unreadable. */
export function lastCompletedSwitch(root: string): { to: BackendName; mode: Mode; runId: string } | undefined {
  const file = newestReportFile(root);
  if (!file) return undefined;
  try {
    const report = JSON.parse(readFileSync(file, 'utf8')) as { to?: unknown; mode?: unknown; result?: unknown; runId?: unknown };
    const to = BACKENDS.find((b) => b === report.to);
    if (!to || report.result === 'failed' || (report.mode !== 'dev' && report.mode !== 'docker')) return undefined;
    return { to, mode: report.mode, runId: String(report.runId) };
  } catch {
    return undefined;
  }
}
