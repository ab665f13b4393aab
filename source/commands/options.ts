import { UsageError } from '../util/errors.js';
import type { MessageKey } from '../i18n/index.js';

/** One flag: how node:util parseArgs reads it, and how help shows it. */
export interface FlagSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** What follows the flag in help and messages: `--to bun|elixir`. String flags only. */
  readonly value?: string;
  /** Shown without brackets in the usage line. */
  readonly required?: boolean;
  /** Catalog key of its one-line description in help. */
  readonly describe: MessageKey;
}

export type OptionTable = Readonly<Record<string, FlagSpec>>;

export const COMMANDS = ['wizard', 'status', 'doctor', 'switch', 'plan', 'rollback', 'report', 'demo', 'help'] as const;
export type CommandName = (typeof COMMANDS)[number];

/** `backend-switch help differences`: guide §4 and §8, the page the wizard's `?` overlay opens with `d`. */
export const HELP_TOPICS = ['differences'] as const;
export type HelpTopic = CommandName | (typeof HELP_TOPICS)[number];

/** The one command that takes a positional argument: `help [COMMAND|differences]`. */
export const HELP_ARGUMENT = { value: 'COMMAND|differences', describe: 'help.topic' } as const satisfies { value: string; describe: MessageKey };

/** Flags every command takes (SPEC "Global flags"). */
export const GLOBAL_OPTIONS = {
  cwd: { type: 'string', value: 'DIR', describe: 'help.flag.cwd' },
  lang: { type: 'string', value: 'es|en', describe: 'help.flag.lang' },
  timeout: { type: 'string', value: 'MS', describe: 'help.flag.timeout' },
  'api-url': { type: 'string', value: 'URL', describe: 'help.flag.apiUrl' },
  'frontend-url': { type: 'string', value: 'URL', describe: 'help.flag.frontendUrl' },
  'no-color': { type: 'boolean', describe: 'help.flag.noColor' },
  help: { type: 'boolean', short: 'h', describe: 'help.flag.help' },
  version: { type: 'boolean', short: 'v', describe: 'help.flag.version' },
} as const satisfies OptionTable;

const json = { type: 'boolean', describe: 'help.flag.json' } as const satisfies FlagSpec;
const to = { type: 'string', value: 'bun|elixir', required: true, describe: 'help.flag.to' } as const satisfies FlagSpec;
const mode = { type: 'string', value: 'dev|docker', describe: 'help.flag.mode' } as const satisfies FlagSpec;

/** Each command's own flags, besides the global ones; a flag not in its table is a usage error. */
export const COMMAND_OPTIONS = {
  wizard: {},
  status: { json },
  doctor: {
    backend: { type: 'string', value: 'bun|elixir', describe: 'help.flag.backend' },
    mode: { ...mode, describe: 'help.flag.doctorMode' },
    only: { type: 'string', value: 'ID,...', describe: 'help.flag.only' },
    json,
    watch: { type: 'boolean', describe: 'help.flag.watch' },
  },
  switch: {
    to,
    mode,
    yes: { type: 'boolean', short: 'y', describe: 'help.flag.yes' },
    'dry-run': { type: 'boolean', describe: 'help.flag.dryRun' },
    json,
    'no-rehearse': { type: 'boolean', describe: 'help.flag.noRehearse' },
  },
  plan: {
    to,
    mode,
    rehearse: { type: 'boolean', describe: 'help.flag.rehearse' },
  },
  rollback: {
    yes: { type: 'boolean', short: 'y', describe: 'help.flag.rollbackYes' },
    list: { type: 'boolean', describe: 'help.flag.list' },
    run: { type: 'string', value: 'ID', describe: 'help.flag.run' },
  },
  report: {
    format: { type: 'string', value: 'md|json', describe: 'help.flag.format' },
  },
  demo: {
    keep: { type: 'boolean', describe: 'help.flag.keep' },
    scenario: { type: 'string', value: 'cors|port|jwt|db-down', describe: 'help.flag.scenario' },
  },
  help: {},
} as const satisfies Record<CommandName, OptionTable>;

type Tables = typeof GLOBAL_OPTIONS | (typeof COMMAND_OPTIONS)[CommandName];
/** Distributed over the union: every key of every table, and each key's specs wherever it appears. */
type KeysOf<T> = T extends unknown ? keyof T : never;
type SpecsOf<T, K extends PropertyKey> = T extends unknown ? (K extends keyof T ? T[K] : never) : never;

/**
 * The parsed flags of any command: each flag of any table, a string or a boolean as its
 * spec says, absent when not given. A command reads only its own (cli.ts refuses the rest).
 */
export type Flags = { [K in KeysOf<Tables>]?: SpecsOf<Tables, K> extends { type: 'string' } ? string : boolean };

/** The flags `command` accepts: the global ones, then its own. */
export function optionsFor(command: CommandName): OptionTable {
  return { ...GLOBAL_OPTIONS, ...COMMAND_OPTIONS[command] };
}

/** The commands whose own table has the flag `name` (a long name, or a short one such as `y`). */
export function commandsWith(name: string): CommandName[] {
  return COMMANDS.filter((command) => {
    const table: OptionTable = COMMAND_OPTIONS[command];
    return name in table || Object.values(table).some((spec) => spec.short === name);
  });
}

/** `--to bun|elixir`, `-y, --yes`: a flag as help and messages show it. */
export function flagLabel(name: string, spec: FlagSpec, { short = false } = {}): string {
  const long = `--${name}${spec.value ? ` ${spec.value}` : ''}`;
  return short && spec.short ? `-${spec.short}, ${long}` : long;
}

export const DEFAULT_TIMEOUT_MS = 2000;
export const MAX_TIMEOUT_MS = 600_000;

/** `--timeout`: whole milliseconds from 1 to 10 minutes; the default when absent. */
export function parseTimeout(value: string | undefined): number {
  if (value === undefined) return DEFAULT_TIMEOUT_MS;
  const ms = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (ms >= 1 && ms <= MAX_TIMEOUT_MS) return ms;
  throw new UsageError({ key: 'err.timeout', params: { value, max: MAX_TIMEOUT_MS } }, { key: 'err.timeoutFix' });
}
