import type { LineCounter, YAMLError } from 'yaml';
import type { Message } from '../core/errors.js';

/** "FILE:LINE: not valid YAML (reason)" for the first syntax error of a document. */
export function describeYamlError(shownPath: string, error: YAMLError, lines: LineCounter): Message {
  const line = lines.linePos(error.pos[0]).line;
  const reason = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  return { key: 'err.yaml', params: { file: `${shownPath}:${line}`, reason } };
}
