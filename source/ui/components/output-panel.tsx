import { Box, Text } from 'ink';

/** The last lines of a running command, scrolling as it writes; a long line wraps rather than losing its end. */
export function OutputPanel({ lines, height = 10 }: { lines: string[]; height?: number }) {
  if (lines.length === 0) return null;
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="gray" paddingX={1}>
      {lines.slice(-height).map((line, i) => (
        <Text key={i} dimColor wrap="wrap">
          {line}
        </Text>
      ))}
    </Box>
  );
}
