import { Box, Text } from 'ink';
import type { Translate } from '../../i18n/index.js';
import { differences } from '../../render/differences.js';

/** Guide §4 and §8 from the `?` overlay (`d`): where each backend logs, its jobs, its console; where to ask. */
export function DifferencesScreen({ t }: { t: Translate }) {
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>{t('diff.title')}</Text>
      {differences(t).map((section) => (
        <Box key={section.title} flexDirection="column" marginTop={1}>
          <Text bold color="cyan">{section.title}</Text>
          {section.topics.map((topic) => (
            <Box key={topic.label} flexDirection="column">
              <Text>{topic.label}</Text>
              {topic.lines.map((line) => (
                <Box key={`${line.who ?? ''}${line.text}`} paddingLeft={2}>
                  {line.who && (
                    <Box width={8} flexShrink={0}>
                      <Text dimColor>{line.who}</Text>
                    </Box>
                  )}
                  <Text wrap="wrap">{line.text}</Text>
                </Box>
              ))}
            </Box>
          ))}
        </Box>
      ))}
      <Text dimColor>{t('diff.hint')}</Text>
    </Box>
  );
}
