/**
 * The user's problem (bad flag, not a monorepo, malformed file): a message that names the
 * file and line where there is one, and the fix. Exits 2. Anything else that escapes is a bug.
 */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly fix?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The user pressed Ctrl+C or the terminal went away. Exits 130. */
export class InterruptedError extends Error {
  constructor() {
    super('interrupted');
    this.name = 'InterruptedError';
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
