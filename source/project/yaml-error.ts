import type { Document, LineCounter, YAMLError } from 'yaml';
import { UsageError, type Message } from '../util/errors.js';

/** "FILE:LINE: not valid YAML (reason)" for the first syntax error of a document. */
export function describeYamlError(shownPath: string, error: YAMLError, lines: LineCounter): Message {
  const line = lines.linePos(error.pos[0]).line;
  const reason = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  return { key: 'err.yaml', params: { file: `${shownPath}:${line}`, reason } };
}

/**
 * The document as plain data, or a usage error when its aliases expand past `maxAliasCount`
 * (a "billion laughs" file: refused, never expanded).
 */
export function yamlToData(doc: Document, shownPath: string, maxAliasCount = 100): unknown {
  try {
    return doc.toJS({ maxAliasCount });
  } catch (error) {
    if (error instanceof ReferenceError && /alias/i.test(error.message)) {
      throw new UsageError({ key: 'err.yamlAliases', params: { file: shownPath, limit: maxAliasCount } }, { key: 'err.yamlAliasesFix', params: { file: shownPath } });
    }
    throw error;
  }
}
