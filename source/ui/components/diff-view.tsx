import { Box, Text } from 'ink';
import { DIFF_COLOR } from '../../render/diff-colors.js';
import type { FileChange } from '../../steps/types.js';

/** A unified diff (already redacted), coloured; the lines a write would change, shown before it happens. */
export function DiffView({ change }: { change: FileChange }) {
  return (
    <Box flexDirection="column" marginLeft={2}>
      {change.diff.map((line, i) => (
        <Text key={i} color={DIFF_COLOR[line.kind]}>
          {line.text}
        </Text>
      ))}
    </Box>
  );
}
