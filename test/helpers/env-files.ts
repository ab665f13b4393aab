import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Sets (or with `undefined` removes) keys in an env file of a fixture copy. */
export function editEnv(root: string, file: string, changes: Record<string, string | undefined>): void {
  const path = join(root, file);
  let lines = readFileSync(path, 'utf8').split('\n');
  for (const [key, value] of Object.entries(changes)) {
    const index = lines.findIndex((line) => line.startsWith(`${key}=`));
    if (value === undefined) lines = lines.filter((_, i) => i !== index);
    else if (index === -1) lines.splice(lines.length - 1, 0, `${key}=${value}`);
    else lines[index] = `${key}=${value}`;
  }
  writeFileSync(path, lines.join('\n'));
}
