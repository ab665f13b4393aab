import { UsageError } from '../util/errors.js';
import type { Lang } from '../i18n/index.js';
import { translator } from '../i18n/index.js';
import { findRoot } from '../project/find-root.js';
import { reportMarkdown } from '../report/markdown.js';
import { lastReport } from '../report/store.js';
import type { Flags } from './options.js';

export async function reportCommand(flags: Flags, lang: Lang): Promise<number> {
  const format = flags.format ?? 'md';
  if (format !== 'md' && format !== 'json') throw new UsageError({ key: 'err.format', params: { value: format } }, { key: 'err.formatFix' });
  const root = findRoot(flags.cwd ?? process.cwd());
  const report = lastReport(root);
  if (!report) throw new UsageError({ key: 'err.noReport', params: { root } }, { key: 'err.noReportFix' });
  process.stdout.write(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : reportMarkdown(report, translator(lang)));
  return 0;
}
