import { translator, type MessageKey, type Params, type Translate } from '../i18n/index.js';

/** A catalog message not yet translated: it is put into words where it is printed, in the run's language. */
export interface Message {
  key: MessageKey;
  params?: Params;
}

const english = translator('en');

/**
 * The user's problem (bad flag, not a monorepo, malformed file): a message that names the
 * file and line where there is one, and the fix. Exits 2. Anything else that escapes is a bug.
 *
 * `problem` and `remedy` are catalog keys, translated by whoever prints them (cli.ts, in the
 * run's language). `message` and `fix` are the same in English, for stack traces, logs and tests.
 */
export class UsageError extends Error {
  readonly fix?: string;

  constructor(
    readonly problem: Message,
    readonly remedy?: Message,
  ) {
    super(english(problem.key, problem.params));
    this.name = 'UsageError';
    if (remedy) this.fix = english(remedy.key, remedy.params);
  }

  /** The problem and its fix in the language of `t`. */
  describe(t: Translate): { problem: string; fix?: string } {
    return { problem: t(this.problem.key, this.problem.params), ...(this.remedy ? { fix: t(this.remedy.key, this.remedy.params) } : {}) };
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
