import { readFileSync, writeFileSync } from 'node:fs';
import { setEnvValue } from '../edits/env-file.js';

/** Sets each key of a dotenv file of the demo's copy (written directly: the copy has no journal yet). */
export function editEnv(path: string, values: Record<string, string>): void {
  let text = readFileSync(path, 'utf8');
  for (const [key, value] of Object.entries(values)) text = setEnvValue(text, key, value);
  writeFileSync(path, text);
}
