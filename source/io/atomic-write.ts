import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a file so that a reader (or a crash, or Ctrl+C) sees either the old content or
 * the new, never half: a temporary file beside it, flushed, then renamed over it. The
 * file's mode is kept; `mode` applies to new files and `forceMode` to both (0600 secrets).
 */
export function writeFileAtomic(path: string, content: string, options: { mode?: number; forceMode?: number } = {}): void {
  const existingMode = fileMode(path);
  const mode = options.forceMode ?? existingMode ?? options.mode ?? 0o644;
  const temp = join(dirname(path), `.${basename(path)}.bs-${process.pid}-${randomBytes(4).toString('hex')}`);
  const fd = openSync(temp, 'wx', mode);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    unlinkSync(temp);
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(temp, path);
  } catch (error) {
    unlinkSync(temp);
    throw error;
  }
  syncDir(dirname(path));
}

function fileMode(path: string): number | undefined {
  try {
    return statSync(path).mode & 0o777;
  } catch {
    return undefined;
  }
}

/** Makes the rename itself durable; not every filesystem allows it, which is harmless. */
function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // best effort
  }
}
