import { Box, Text } from 'ink';
import type { Translate } from '../../i18n/index.js';
import type { Question } from '../../steps/types.js';
import { Choice } from '../components/choice.js';
import { ChecklistView } from '../components/checklist-view.js';
import { QuestionChoice } from '../components/question-choice.js';
import type { ChecklistItem, Phase } from '../../steps/checklist.js';
import { DiffView } from '../components/diff-view.js';
import { STEP_MARK } from '../../render/marks.js';
import { OutputPanel } from '../components/output-panel.js';
import type { StepView } from '../wizard-controller.js';

export interface FailureOption {
  value: string;
  label: string;
}

/** One step of the switch, the part that scrolls: what it found, what it will change, its output, its result. */
export function StepScreen({ t, view, checklist }: { t: Translate; view: StepView; checklist?: { phase: Phase; items: ChecklistItem[] } | undefined }) {
  const preview = view.preview;
  if (view.phase === 'loading' || !preview) return <Text color="cyan">… {t('ui.looking')}</Text>;
  const outcome = view.outcome;
  return (
    <Box flexDirection="column">
      {preview.lines.map((line, i) => (
        <Text key={i}>{line}</Text>
      ))}
      {preview.blocked && <Text color="red">✖ {preview.blocked.detail}</Text>}
      {preview.state === 'todo' && view.phase === 'asking' && preview.changes.map((change) => <DiffView key={change.path} change={change} />)}
      {preview.state === 'todo' && view.phase === 'asking' && preview.commands.length > 0 && (
        <Box flexDirection="column" marginTop={1}>
          <Text dimColor>{t('ui.willRun')}</Text>
          {preview.commands.map((command) => (
            <Text key={command}>  $ {command}</Text>
          ))}
        </Box>
      )}
      {view.phase === 'running' && <Text color="cyan">… {t('ui.running')}</Text>}
      <OutputPanel lines={view.output} />
      {outcome && (
        <Box flexDirection="column" marginTop={1}>
          <Text color={STEP_MARK[outcome.status].color}>
            {STEP_MARK[outcome.status].mark} {outcome.detail}
          </Text>
          {outcome.fix && <Text color="yellow">→ {outcome.fix}</Text>}
        </Box>
      )}
      {checklist && <ChecklistView t={t} phase={checklist.phase} items={checklist.items} />}
    </Box>
  );
}

/** What stays under the step while its body scrolls: the question waiting for an answer, or what to do after a failure. */
export function StepFooter({ t, view, question, failureOptions, onAnswer, onFailureChoice }: {
  t: Translate;
  view: StepView;
  question?: Question;
  failureOptions: FailureOption[];
  onAnswer: (value: string) => void;
  onFailureChoice: (value: string) => void;
}) {
  if (view.phase === 'asking' && question) return <QuestionChoice key={question.id} prompt={question.prompt} options={question.options} hint={t('ui.chooseHint')} onChoose={onAnswer} />;
  if (view.outcome?.status === 'failed') return <Choice prompt={t('ui.failed.prompt')} options={failureOptions} initial="retry" onChoose={onFailureChoice} />;
  return null;
}
