import { Box, Text } from 'ink';
import type { Translate } from '../../i18n/index.js';
import type { RunReport } from '../../report/model.js';
import { STEP_MARK } from '../../render/marks.js';

/**
 * The completion report, as saved: every step, the files, the backup, how to roll back. In a
 * throw-away copy (the demo without --keep) the rollback goes with the copy on quit: it says so.
 */
export function ReportScreen({ t, report, path, throwAway }: { t: Translate; report: RunReport; path: string; throwAway?: boolean | undefined }) {
  return (
    <Box flexDirection="column">
      <Text bold color={report.result === 'failed' ? 'red' : 'green'}>
        {t(`report.result.${report.result}`)} · {report.from} → {report.to}
      </Text>
      {report.steps.map((step) => (
        <Text key={step.id}>
          <Text color={STEP_MARK[step.status].color}>{STEP_MARK[step.status].mark}</Text> {step.title}: {step.detail.split('\n')[0]}
        </Text>
      ))}
      {report.files.map((file) => (
        <Text key={file.path} dimColor>
          {file.path} +{file.added} −{file.removed}
        </Text>
      ))}
      {report.backup && <Text>{t('ui.report.backup', { path: report.backup.path, bytes: report.backup.bytes })}</Text>}
      <Text>{t('switch.reportAt', { path })}</Text>
      {report.rollback && !throwAway && <Text dimColor>{t('switch.rollbackHint', { command: report.rollback })}</Text>}
      {report.rollback && throwAway && <Text color="yellow" wrap="wrap">{t('ui.report.demoThrowAway')}</Text>}
    </Box>
  );
}
