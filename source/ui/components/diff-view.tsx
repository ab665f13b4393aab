import { Box, Text } from 'ink';
import { createTwoFilesPatch } from 'diff';
import type { FileChange } from '../../steps/types.js';
import { displayPath } from '../../util/paths.js';

/** A unified diff, coloured; the lines a write would change, shown before it happens. */
export function DiffView({ root, change }: { root: string; change: FileChange }) {
  const name = displayPath(root, change.path);
  const shown = change.shown ?? change;
  const lines = createTwoFilesPatch(`a/${name}`, `b/${name}`, shown.before ?? '', shown.after ?? '', '', '', { context: 2 })
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((line) => line.replace(/\t$/, ''));
  return (
    <Box flexDirection="column" marginLeft={2}>
      {lines.map((line, i) => (
        <Text key={i} color={line.startsWith('+') && !line.startsWith('+++') ? 'green' : line.startsWith('-') && !line.startsWith('---') ? 'red' : line.startsWith('@@') ? 'cyan' : undefined}>
          {line}
        </Text>
      ))}
    </Box>
  );
}
