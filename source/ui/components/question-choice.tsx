import { Box, Text, useInput } from 'ink';
import { useRef, useState } from 'react';
import type { Option } from '../../steps/types.js';

/**
 * A question with nothing chosen in advance: a person picks an option by its number, or
 * moves to it with the arrows (or j/k) and presses enter. Enter alone does not answer.
 * The highlight is also kept in a ref so that an enter typed right after an arrow (a paste,
 * a test) chooses what the arrow reached, even before the frame is painted.
 */
export function QuestionChoice({ prompt, options, hint, onChoose }: { prompt: string; options: Option[]; hint: string; onChoose: (value: string) => void }) {
  const [highlighted, setHighlighted] = useState<number | undefined>(undefined);
  const [nudged, setNudged] = useState(false);
  const current = useRef<number | undefined>(undefined);
  const chosen = useRef(false);
  const move = (index: number) => {
    current.current = index;
    setHighlighted(index);
  };
  const choose = (index: number) => {
    if (chosen.current) return;
    chosen.current = true;
    onChoose(options[index]!.value);
  };
  useInput((input, key) => {
    const count = options.length;
    if (key.downArrow || input === 'j') return move(current.current === undefined ? 0 : (current.current + 1) % count);
    if (key.upArrow || input === 'k') return move(current.current === undefined ? count - 1 : (current.current - 1 + count) % count);
    const number = Number.parseInt(input, 10);
    if (number >= 1 && number <= count) return choose(number - 1);
    if (key.return) {
      if (current.current === undefined) return setNudged(true);
      choose(current.current);
    }
  });
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text color="yellow">? {prompt}</Text>
      {options.map((option, index) => (
        <Text key={option.value} {...(index === highlighted ? { color: 'cyan' } : {})}>
          {index === highlighted ? '❯' : ' '} {index + 1}. {option.label}
        </Text>
      ))}
      <Text dimColor={!nudged} {...(nudged ? { color: 'yellow' } : {})}>
        {hint}
      </Text>
    </Box>
  );
}
