import { errorMessage } from '../util/errors.js';

const WHAT: Record<string, string> = {
  EISDIR: 'is a folder where a file should be',
  ENOTDIR: 'has a file where a folder should be',
  EACCES: 'permission denied',
  EPERM: 'the operation is not permitted (an immutable file, or another owner)',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exhausted',
  ENOENT: 'does not exist',
  EMFILE: 'too many open files',
  EPIPE: 'the output was closed',
};

/**
 * An ordinary fault (a file that cannot be read or written, a full disk) in words that name
 * the file and what was wrong; anything else by its message. Never a stack trace.
 */
export function describeFault(error: unknown): string {
  const err = error as NodeJS.ErrnoException;
  const what = err?.code ? WHAT[err.code] : undefined;
  if (what) return `${err.path ? `${err.path}: ` : ''}${what} (${err.code})`;
  return errorMessage(error);
}

/** Whether `error` is one of the faults above (the user's machine, not our bug). */
export function isOrdinaryFault(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException)?.code;
  return code !== undefined && code in WHAT;
}
