import type { Translate } from '../i18n/index.js';
import type { Question, Step, StepPreview, FileChange } from '../steps/types.js';
import type { Colors } from './colors.js';

/** A unified diff of one change (already redacted), coloured line by line. */
export function renderDiff(change: FileChange, c: Colors): string {
  const paint = { add: c.green, remove: c.red, hunk: c.cyan, header: String, context: String };
  return change.diff.map((line) => paint[line.kind](line.text)).join('\n');
}

/** `plan`: every step, its state, every file diff and every command, in order. */
export function renderPlan(root: string, steps: readonly Step[], previews: StepPreview[], t: Translate, c: Colors): string {
  const out: string[] = [];
  steps.forEach((step, i) => {
    const preview = previews[i]!;
    out.push(c.bold(`${i + 1}. ${t(`step.${step.id}.title`)} — ${t(`plan.state.${onlyIfAsked(preview) ? 'optional' : preview.state}`)}`));
    for (const line of preview.lines) out.push(`   ${line}`);
    if (preview.blocked) out.push(`   ${c.red('✖')} ${preview.blocked.detail}`, `     → ${preview.blocked.fix}`);
    if (preview.state === 'todo') {
      for (const change of preview.changes) out.push(indent(renderDiff(change, c), '   '));
      for (const command of preview.commands) out.push(`   ${c.dim('$')} ${command}`);
      for (const question of preview.questions) {
        const optional = question.required ? '' : ` ${c.dim(t('plan.optional', { answer: labelOf(question, question.default) }))}`;
        out.push(`   ${c.yellow('?')} ${question.prompt}${optional}`);
      }
    }
    out.push('');
  });
  return out.join('\n');
}

/** A step that does something only when a person says yes to it (the new backend's tests). */
function onlyIfAsked(preview: StepPreview): boolean {
  return preview.state === 'todo' && preview.changes.length === 0 && preview.questions.length > 0 && preview.questions.every((q) => !q.required);
}

function labelOf(question: Question, value: string): string {
  return question.options.find((o) => o.value === value)?.label ?? value;
}

function indent(text: string, prefix: string): string {
  return text.split('\n').map((line) => `${prefix}${line}`).join('\n');
}
