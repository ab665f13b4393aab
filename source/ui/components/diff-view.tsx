import { Box, Text } from 'ink';
import { DIFF_COLOR, diffLines } from '../../render/diff.js';
import type { FileChange } from '../../steps/types.js';

/** A unified diff, coloured; the lines a write would change, shown before it happens. */
export function DiffView({ root, change }: { root: string; change: FileChange }) {
  return (
    <Box flexDirection="column" marginLeft={2}>
      {diffLines(root, change, 2).map((line, i) => (
        <Text key={i} color={DIFF_COLOR[line.kind]}>
          {line.text}
        </Text>
      ))}
    </Box>
  );
}
