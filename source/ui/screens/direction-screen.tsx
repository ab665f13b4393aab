import { Box, Text } from 'ink';
import type { Translate } from '../../i18n/index.js';
import type { BackendName } from '../../project/config.js';
import { Choice } from '../components/choice.js';

/** Guide §1: which way, and where. The active backend's opposite comes preselected. */
export function DirectionScreen({ t, active, suggested, onChoose }: { t: Translate; active?: BackendName; suggested?: BackendName; onChoose: (to: BackendName) => void }) {
  const options = [
    { value: 'elixir', label: t('ui.direction.toElixir') },
    { value: 'bun', label: t('ui.direction.toBun') },
  ];
  return (
    <Box flexDirection="column">
      <Text>{active ? t('ui.direction.active', { backend: active }) : t('ui.direction.unknown')}</Text>
      <Choice prompt={t('ui.direction.prompt')} options={options} initial={suggested ?? 'elixir'} onChoose={(value) => onChoose(value as BackendName)} />
      <Text dimColor>{t('ui.direction.dockerLater')}</Text>
    </Box>
  );
}
