import type { Flags } from '../cli.js';
import { UsageError } from '../core/errors.js';
import type { Lang } from '../i18n/index.js';
import { translator } from '../i18n/index.js';
import { findRoot } from '../project/find-root.js';
import { reportMarkdown } from '../report/markdown.js';
import { lastReport } from '../report/store.js';

export async function reportCommand(flags: Flags, lang: Lang): Promise<number> {
  const format = flags.format ?? 'md';
  if (format !== 'md' && format !== 'json') throw new UsageError(`--format must be "md" or "json", not "${format}".`, 'Pass --format md or --format json.');
  const root = findRoot(flags.cwd ?? process.cwd());
  const report = lastReport(root);
  if (!report) throw new UsageError(`No completion report in ${root}/.backend-switch/reports yet.`, 'Run a switch first: backend-switch (the wizard) or backend-switch switch --to elixir --yes');
  process.stdout.write(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : reportMarkdown(report, translator(lang)));
  return 0;
}
