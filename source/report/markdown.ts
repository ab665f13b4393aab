import type { Translate } from '../i18n/index.js';
import type { RunReport } from './model.js';

import { CHECK_MARK, CHECKLIST_MARK, STEP_MARK } from '../render/marks.js';
import { itemKey, PHASES } from '../steps/checklist.js';

/** The completion report as Markdown, for people (the lead who asked for it). */
export function reportMarkdown(report: RunReport, t: Translate): string {
  const lines = [
    `# ${t('report.title', { from: report.from, to: report.to })}`,
    '',
    `- ${t('report.result')}: **${t(`report.result.${report.result}`)}**`,
    `- ${t('report.mode')}: ${report.mode}`,
    `- ${t('report.run')}: ${report.runId} (${report.startedAt}, ${Math.round(report.durationMs / 100) / 10} s)`,
    `- backend-switch ${report.version} · ${report.root}`,
    '',
    `## ${t('report.steps')}`,
    '',
    `| | ${t('report.step')} | ${t('report.detail')} | ${t('report.duration')} |`,
    '|---|---|---|---|',
    ...report.steps.map((s) => `| ${STEP_MARK[s.status].mark} | ${s.title} | ${cell(s.detail)}${s.fix ? `<br>→ ${cell(s.fix)}` : ''} | ${s.durationMs} ms |`),
  ];
  const failed = report.steps.find((s) => s.status === 'failed');
  const tail = failed?.commands.at(-1)?.tail ?? [];
  if (failed && tail.length) lines.push('', `### ${t('report.lastOutput', { step: failed.title })}`, '', '```', ...tail.slice(-10), '```');
  const commands = report.steps.flatMap((s) => s.commands);
  if (commands.length) {
    lines.push('', `## ${t('report.commands')}`, '', `| ${t('report.command')} | ${t('report.exit')} | ${t('report.duration')} |`, '|---|---|---|');
    lines.push(...commands.map((c) => `| \`${cell(c.command)}\` | ${c.exitCode ?? '—'} | ${c.durationMs} ms |`));
  }
  if (report.checks.length) {
    lines.push('', `## ${t('report.checks')}`, '');
    lines.push(...report.checks.map((c) => `- ${CHECK_MARK[c.status].mark} **${c.title}**: ${c.detail}${c.fix ? ` → ${c.fix}` : ''}`));
  }
  lines.push('', `## ${t('report.files')}`, '');
  if (report.files.length === 0) lines.push(t('report.noFiles'));
  lines.push(...report.files.map((f) => `- \`${f.path}\` +${f.added} −${f.removed}${f.created ? ` (${t('report.created')})` : ''}${f.deleted ? ` (${t('report.deleted')})` : ''}`));
  lines.push('', `## ${t('report.backup')}`, '', report.backup ? t('report.backupAt', { path: report.backup.path, size: report.backup.bytes, via: report.backup.via }) : t('report.noBackup'));
  if (report.rehearsal) lines.push('', rehearsalLine(report.rehearsal, t));
  if (report.checklist.length) {
    lines.push('', `## ${t('report.checklist')}`);
    for (const phase of PHASES) {
      const items = report.checklist.filter((item) => item.phase === phase);
      if (items.length) lines.push('', `### ${t(`checklist.phase.${phase}`)}`, '', ...items.map((item) => `- ${CHECKLIST_MARK[item.state].mark} ${t(itemKey(item))} — ${t(`checklist.state.${item.state}`)}`));
    }
  }
  lines.push('', `## ${t('report.rollback')}`, '', report.rollback ? `\`${report.rollback}\`` : t('report.noRollback'), '');
  return lines.join('\n');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, '<br>');
}

function rehearsalLine(rehearsal: NonNullable<RunReport['rehearsal']>, t: Translate): string {
  if (!rehearsal.ran) return t('report.rehearsalNot', { reason: rehearsal.reason ?? '?' });
  return rehearsal.ok ? t('report.rehearsalOk', { seconds: ((rehearsal.ms ?? 0) / 1000).toFixed(1) }) : t('report.rehearsalFailed', { migration: rehearsal.failing ?? '?' });
}
