import type { Flags } from '../cli.js';
import { UsageError } from '../core/errors.js';
import { tr } from '../i18n/current.js';
import type { Lang } from '../i18n/index.js';
import { translator } from '../i18n/index.js';
import { findRoot } from '../project/find-root.js';
import { reportMarkdown } from '../report/markdown.js';
import { lastReport } from '../report/store.js';

export async function reportCommand(flags: Flags, lang: Lang): Promise<number> {
  const format = flags.format ?? 'md';
  if (format !== 'md' && format !== 'json') throw new UsageError(tr('err.format', { value: format }), tr('err.formatFix'));
  const root = findRoot(flags.cwd ?? process.cwd());
  const report = lastReport(root);
  if (!report) throw new UsageError(tr('err.noReport', { root }), tr('err.noReportFix'));
  process.stdout.write(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : reportMarkdown(report, translator(lang)));
  return 0;
}
