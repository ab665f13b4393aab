import type { CheckResult } from '../core/check.js';
import { summarize } from '../core/run-checks.js';
import type { Translate } from '../i18n/index.js';
import { paintStatus, type Colors } from './colors.js';
import { CHECK_MARK } from './marks.js';

export interface DoctorHeader {
  root: string;
  backend: string;
  mode: string;
  backendReason: string;
}

/** doctor's human output: a header, a line per check coloured by status, the fix under each problem, the totals. */
export function renderDoctorText(header: DoctorHeader, results: readonly CheckResult[], durationMs: number, t: Translate, c: Colors, columns?: number): string {
  const width = Math.max(...results.map((r) => r.title.length), 8);
  const indent = ' '.repeat(width + 6);
  const wrap = (text: string) => wrapText(text, columns ? columns - indent.length : undefined).join(`\n${indent}`);
  const lines = [
    c.bold(t('doctor.header', { backend: header.backend, mode: header.mode, root: header.root })),
    c.dim(header.backendReason),
    '',
  ];
  for (const result of results) {
    const mark = paintStatus(c, result.status, CHECK_MARK[result.status].mark);
    lines.push(`  ${mark} ${c.bold(result.title.padEnd(width))}  ${wrap(result.detail)}`);
    if (result.fix && (result.status === 'fail' || result.status === 'warn')) {
      lines.push(`${indent.slice(2)}${paintStatus(c, result.status, '→')} ${wrap(result.fix)}`);
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

/** Greedy word wrap; a word longer than the width (a URL) keeps its own line. No width: one line. */
export function wrapText(text: string, width: number | undefined): string[] {
  if (!width || width < 20) return [text];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}
