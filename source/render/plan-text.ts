import { createTwoFilesPatch } from 'diff';
import type { Translate } from '../i18n/index.js';
import type { Step, StepPreview, FileChange } from '../steps/types.js';
import { displayPath } from '../util/paths.js';
import type { Colors } from './colors.js';

/** A unified diff of one change, coloured line by line. */
export function renderDiff(root: string, change: FileChange, c: Colors): string {
  const name = displayPath(root, change.path);
  const patch = createTwoFilesPatch(
    change.before === null ? '/dev/null' : `a/${name}`,
    change.after === null ? '/dev/null' : `b/${name}`,
    change.shown ? (change.shown.before ?? '') : (change.before ?? ''),
    change.shown ? (change.shown.after ?? '') : (change.after ?? ''),
    '',
    '',
    { context: 3 },
  );
  return patch
    .split('\n')
    .slice(1) // the "===" separator line
    .map((line) => line.replace(/\t$/, ''))
    .filter((line, i, all) => line !== '' || i < all.length - 1)
    .map((line) => (line.startsWith('+') && !line.startsWith('+++') ? c.green(line) : line.startsWith('-') && !line.startsWith('---') ? c.red(line) : line.startsWith('@@') ? c.cyan(line) : line))
    .join('\n');
}

/** `plan`: every step, its state, every file diff and every command, in order. */
export function renderPlan(root: string, steps: readonly Step[], previews: StepPreview[], t: Translate, c: Colors): string {
  const out: string[] = [];
  steps.forEach((step, i) => {
    const preview = previews[i]!;
    out.push(c.bold(`${i + 1}. ${t(`step.${step.id}.title`)} — ${t(`plan.state.${preview.state}`)}`));
    for (const line of preview.lines) out.push(`   ${line}`);
    if (preview.blocked) out.push(`   ${c.red('✖')} ${preview.blocked.detail}`, `     → ${preview.blocked.fix}`);
    if (preview.state === 'todo') {
      for (const change of preview.changes) out.push(indent(renderDiff(root, change, c), '   '));
      for (const command of preview.commands) out.push(`   ${c.dim('$')} ${command}`);
      for (const question of preview.questions.filter((q) => q.required)) out.push(`   ${c.yellow('?')} ${question.prompt}`);
    }
    out.push('');
  });
  return out.join('\n');
}

function indent(text: string, prefix: string): string {
  return text.split('\n').map((line) => `${prefix}${line}`).join('\n');
}
