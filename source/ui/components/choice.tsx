import SelectInput from 'ink-select-input';
import { Box, Text } from 'ink';
import type { Option } from '../../steps/types.js';

/** A question with its options; arrows (or j/k) to move, enter to choose. */
export function Choice({ prompt, options, initial, onChoose }: { prompt: string; options: Option[]; initial: string; onChoose: (value: string) => void }) {
  const initialIndex = Math.max(0, options.findIndex((o) => o.value === initial));
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text color="yellow">? {prompt}</Text>
      <SelectInput items={options.map((o) => ({ key: o.value, label: o.label, value: o.value }))} initialIndex={initialIndex} onSelect={(item) => onChoose(item.value)} />
    </Box>
  );
}
