import { readFileSync, statSync } from 'node:fs';
import { UsageError } from '../util/errors.js';
import { displayPath } from '../util/paths.js';

/** Larger than any real config, env, compose file or Dockerfile: past it, refuse rather than crawl. */
export const MAX_FILE_BYTES = 256 * 1024;

const FAULT: Record<string, 'folder' | 'permission' | 'missing'> = { EISDIR: 'folder', EACCES: 'permission', EPERM: 'permission', ENOENT: 'missing', ENOTDIR: 'missing' };

/**
 * A file of the monorepo as text, or a usage error (exit 2) that names it and says what is
 * wrong — a folder where the file should be, no permission to read it, too large — and the fix.
 */
export function readProjectFile(path: string, root: string): string {
  const shown = displayPath(root, path);
  try {
    const { size, isDirectory } = statInfo(path);
    if (isDirectory) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (size > MAX_FILE_BYTES) {
      throw new UsageError({ key: 'err.fileTooLarge', params: { file: shown, size: humanSize(size), limit: humanSize(MAX_FILE_BYTES) } }, { key: 'err.fileTooLargeFix', params: { file: shown } });
    }
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const kind = FAULT[(error as NodeJS.ErrnoException).code ?? ''];
    if (!kind) throw error;
    throw new UsageError({ key: `err.file.${kind}`, params: { file: shown } }, { key: `err.file.${kind}Fix`, params: { file: shown } });
  }
}

function humanSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

function statInfo(path: string): { size: number; isDirectory: boolean } {
  const stat = statSync(path);
  return { size: stat.size, isDirectory: stat.isDirectory() };
}
