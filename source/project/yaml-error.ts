import type { LineCounter, YAMLError } from 'yaml';
import { tr } from '../i18n/current.js';

/** "FILE:LINE: not valid YAML (reason)" for the first syntax error of a document. */
export function describeYamlError(shownPath: string, error: YAMLError, lines: LineCounter): string {
  const line = lines.linePos(error.pos[0]).line;
  const reason = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  return tr('err.yaml', { file: `${shownPath}:${line}`, reason });
}
