import { Box, Text } from 'ink';
import type { Translate } from '../../i18n/index.js';
import type { BackendName, Mode } from '../../project/config.js';
import { Choice } from '../components/choice.js';

/** Guide §1: which way, and where. The active backend's opposite comes preselected. */
export function DirectionScreen({ t, active, suggested, onChoose }: { t: Translate; active?: BackendName; suggested?: BackendName; onChoose: (to: BackendName, mode: Mode) => void }) {
  const options = [
    { value: 'elixir:dev', label: `${t('ui.direction.toElixir')} · ${t('ui.direction.dev')}` },
    { value: 'bun:dev', label: `${t('ui.direction.toBun')} · ${t('ui.direction.dev')}` },
    { value: 'elixir:docker', label: `${t('ui.direction.toElixir')} · ${t('ui.direction.docker')}` },
    { value: 'bun:docker', label: `${t('ui.direction.toBun')} · ${t('ui.direction.docker')}` },
  ];
  return (
    <Box flexDirection="column">
      <Text>{active ? t('ui.direction.active', { backend: active }) : t('ui.direction.unknown')}</Text>
      <Choice prompt={t('ui.direction.prompt')} options={options} initial={`${suggested ?? 'elixir'}:dev`} onChoose={(value) => {
        const [to, mode] = value.split(':') as [BackendName, Mode];
        onChoose(to, mode);
      }} />
    </Box>
  );
}
