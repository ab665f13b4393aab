import type { CheckResult } from '../core/check.js';
import { summarize } from '../core/run-checks.js';
import type { Translate } from '../i18n/index.js';
import { paintStatus, STATUS_SYMBOL, type Colors } from './colors.js';

export interface DoctorHeader {
  root: string;
  backend: string;
  mode: string;
  backendReason: string;
}

/** doctor's human output: a header, a line per check coloured by status, the fix under each problem, the totals. */
export function renderDoctorText(header: DoctorHeader, results: readonly CheckResult[], durationMs: number, t: Translate, c: Colors): string {
  const width = Math.max(...results.map((r) => r.title.length), 8);
  const lines = [
    c.bold(t('doctor.header', { backend: header.backend, mode: header.mode, root: header.root })),
    c.dim(header.backendReason),
    '',
  ];
  for (const result of results) {
    const mark = paintStatus(c, result.status, STATUS_SYMBOL[result.status]);
    lines.push(`  ${mark} ${c.bold(result.title.padEnd(width))}  ${result.detail}`);
    if (result.fix && (result.status === 'fail' || result.status === 'warn')) {
      lines.push(`    ${' '.repeat(width)}  ${paintStatus(c, result.status, '→')} ${result.fix}`);
    }
  }
  const s = summarize(results);
  lines.push(
    '',
    `  ${t('doctor.summary', {
      ok: c.green(String(s.ok)),
      warn: c.yellow(String(s.warn)),
      fail: c.red(String(s.fail)),
      skip: c.dim(String(s.skip)),
      ms: durationMs,
    })}`,
    '',
  );
  return lines.join('\n');
}
