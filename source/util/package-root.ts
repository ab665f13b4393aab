import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The installed backend-switch package (bundled chunks live at different depths). */
export function packageRoot(from = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'backend-switch') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the backend-switch package folder');
    dir = parent;
  }
}
