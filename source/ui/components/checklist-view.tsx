import { Box, Text } from 'ink';
import type { Translate } from '../../i18n/index.js';
import { CHECKLIST_MARK } from '../../render/marks.js';
import { itemKey, type ChecklistItem, type Phase } from '../../steps/checklist.js';

/** One phase of guide §5's checklist: each item with its mark and its state in words. */
export function ChecklistView({ t, phase, items }: { t: Translate; phase: Phase; items: ChecklistItem[] }) {
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text bold>{t('checklist.title', { phase: t(`checklist.phase.${phase}`) })}</Text>
      {items.map((item) => (
        <Text key={item.id} wrap="wrap">
          <Text color={CHECKLIST_MARK[item.state].color}>{CHECKLIST_MARK[item.state].mark}</Text> {t(itemKey(item))} <Text dimColor>({t(`checklist.state.${item.state}`)})</Text>
        </Text>
      ))}
    </Box>
  );
}
