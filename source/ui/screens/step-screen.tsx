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

/** One step of the switch: what it found, what it will change, the question, its output, its result. */
export function StepScreen(props: {
  t: Translate;
  root: string;
  view: StepView;
  question?: Question;
  checklist?: { phase: Phase; items: ChecklistItem[] } | undefined;
  failureOptions: FailureOption[];
  onAnswer: (value: string) => void;
  onFailureChoice: (value: string) => void;
}) {
  const { t, view, question } = props;
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
      {props.checklist && <ChecklistView t={t} phase={props.checklist.phase} items={props.checklist.items} />}
      {view.phase === 'asking' && question && <QuestionChoice key={question.id} prompt={question.prompt} options={question.options} hint={t('ui.chooseHint')} onChoose={props.onAnswer} />}
      {view.phase === 'running' && <Text color="cyan">… {t('ui.running')}</Text>}
      <OutputPanel lines={view.output} />
      {outcome && (
        <Box flexDirection="column" marginTop={1}>
          <Text color={STEP_MARK[outcome.status].color}>
            {STEP_MARK[outcome.status].mark} {outcome.detail}
          </Text>
          {outcome.fix && <Text color="yellow">→ {outcome.fix}</Text>}
          {outcome.status === 'failed' && <Choice prompt={t('ui.failed.prompt')} options={props.failureOptions} initial="retry" onChoose={props.onFailureChoice} />}
        </Box>
      )}
    </Box>
  );
}
