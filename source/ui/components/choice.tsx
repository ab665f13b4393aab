import SelectInput from 'ink-select-input';
import { Box, Text } from 'ink';
import { useRef } from 'react';
import type { Option } from '../../steps/types.js';

/**
 * A question with its options; arrows (or j/k) to move, enter to choose. The highlighted
 * option is kept in a ref as each key moves it: SelectInput's key handler is re-subscribed
 * only after a frame is painted, so an enter typed right after an arrow (a paste, a fast
 * typist, a test) could otherwise choose what was highlighted one key earlier.
 */
export function Choice({ prompt, options, initial, onChoose }: { prompt: string; options: Option[]; initial: string; onChoose: (value: string) => void }) {
  const initialIndex = Math.max(0, options.findIndex((o) => o.value === initial));
  const highlighted = useRef(options[initialIndex]?.value);
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text color="yellow">? {prompt}</Text>
      <SelectInput
        items={options.map((o) => ({ key: o.value, label: o.label, value: o.value }))}
        initialIndex={initialIndex}
        onHighlight={(item) => (highlighted.current = item.value)}
        onSelect={(item) => onChoose(highlighted.current ?? item.value)}
      />
    </Box>
  );
}
