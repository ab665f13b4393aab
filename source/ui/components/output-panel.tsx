import { Box, Text } from 'ink';

/** The last lines of a running command, scrolling as it writes. */
export function OutputPanel({ lines, height = 10 }: { lines: string[]; height?: number }) {
  if (lines.length === 0) return null;
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="gray" paddingX={1}>
      {lines.slice(-height).map((line, i) => (
        <Text key={i} dimColor wrap="truncate-end">
          {line}
        </Text>
      ))}
    </Box>
  );
}
