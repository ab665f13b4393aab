import { describeFault, isOrdinaryFault } from './io/faults.js';
import { installOutputGuard } from './util/output-guard.js';
import { parseArgs } from 'node:util';
import { UsageError, InterruptedError } from './util/errors.js';
import { preferLiveTerminal } from './core/terminal.js';
import { detectLang, translator, type Lang } from './i18n/index.js';
import { COMMANDS, commandsWith, COMMAND_OPTIONS, flagLabel, GLOBAL_OPTIONS, HELP_TOPICS, optionsFor, parseTimeout, type CommandName, type Flags, type HelpTopic, type OptionTable } from './commands/options.js';
import { VERSION } from './version.js';

/** The table in the shape node:util parseArgs takes. */
function parseArgsOptions(table: OptionTable) {
  return Object.fromEntries(Object.entries(table).map(([name, spec]) => [name, spec.short ? { type: spec.type, short: spec.short } : { type: spec.type }]));
}

/** Every flag of every command: only to tell a flag's value from the command's name. */
const ANY_FLAGS: OptionTable = Object.assign({}, GLOBAL_OPTIONS, ...Object.values(COMMAND_OPTIONS));
const ANY_OPTIONS = parseArgsOptions(ANY_FLAGS);

/** The language of messages about the command line itself, before it is known to be valid. */
function guessLang(argv: string[]): Lang {
  const { lang } = parseArgs({ args: argv, options: ANY_OPTIONS, allowPositionals: true, strict: false }).values;
  return detectLang(typeof lang === 'string' ? lang : undefined);
}

/**
 * The command (the first positional), then its flags read strictly against its own table;
 * `help` takes one more positional, its topic.
 */
export function parse(argv: string[]): { command: CommandName; flags: Flags; topic?: HelpTopic } {
  const loose = parseArgs({ args: argv, options: ANY_OPTIONS, allowPositionals: true, strict: false });
  const [command = 'wizard', ...rest] = loose.positionals;
  if (!isCommand(command)) {
    // `backend-switch --bogus value`: the flag is the mistake, not "value" as a command.
    refuseBadFlags(argv, 'wizard', ANY_FLAGS);
    throw new UsageError({ key: 'err.command', params: { command } }, { key: 'err.commandFix', params: { commands: COMMANDS.filter((c) => c !== 'wizard').join(', ') } });
  }
  const table = optionsFor(command);
  refuseBadFlags(argv, command, table);
  const parsed = parseArgs({ args: argv, options: parseArgsOptions(table), allowPositionals: true, strict: true });
  const topic = command === 'help' ? helpTopic(rest.shift()) : undefined;
  if (rest.length > 0) throw new UsageError({ key: 'err.argument', params: { value: rest[0]! } }, { key: 'err.helpFix' });
  // The values are exactly the table's flags, each typed as its spec says (see Flags).
  const flags = parsed.values as Flags;
  if (flags.lang !== undefined && flags.lang !== 'en' && flags.lang !== 'es') {
    throw new UsageError({ key: 'err.lang', params: { value: flags.lang } }, { key: 'err.langFix' });
  }
  parseTimeout(flags.timeout);
  return { command, flags, ...(topic ? { topic } : {}) };
}

/** `help`'s topic: a command, or `differences`; none is the general help. */
function helpTopic(value: string | undefined): HelpTopic | undefined {
  if (value === undefined) return undefined;
  if (isCommand(value) || (HELP_TOPICS as readonly string[]).includes(value)) return value as HelpTopic;
  throw new UsageError({ key: 'err.helpTopic', params: { value } }, { key: 'err.helpTopicFix', params: { topics: [...COMMANDS.filter((c) => c !== 'wizard'), ...HELP_TOPICS].join(', ') } });
}

function isCommand(value: string): value is CommandName {
  return (COMMANDS as readonly string[]).includes(value);
}

/**
 * What strict parsing would refuse, said in the catalog's words: the first flag that is not
 * the command's, that lacks its value, or that takes none but was given one.
 */
function refuseBadFlags(argv: string[], command: CommandName, table: OptionTable): void {
  const usage = command === 'wizard' ? 'backend-switch' : `backend-switch ${command}`;
  const fix = { key: 'err.flagFix', params: { usage } } as const;
  const { tokens } = parseArgs({ args: argv, options: parseArgsOptions(table), allowPositionals: true, strict: false, tokens: true });
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const spec = table[token.name];
    const flag = token.rawName;
    if (!spec) {
      const elsewhere = commandsWith(token.name);
      throw elsewhere.length > 0
        ? new UsageError({ key: 'err.flagElsewhere', params: { flag, usage, commands: elsewhere.join(', ') } }, fix)
        : new UsageError({ key: 'err.flagUnknown', params: { flag, usage } }, fix);
    }
    if (spec.type === 'string' && (token.value === undefined || (!token.inlineValue && token.value.startsWith('-')))) {
      throw new UsageError({ key: 'err.flagValue', params: { flag, example: flagLabel(token.name, spec) } }, fix);
    }
    if (spec.type === 'boolean' && token.value !== undefined) {
      throw new UsageError({ key: 'err.flagNoValue', params: { flag, value: token.value } }, fix);
    }
  }
}

/** Runs one command and returns its exit code; the only place that decides it. */
export async function main(argv: string[]): Promise<number> {
  let lang = guessLang(argv);
  try {
    const { command, flags, topic } = parse(argv);
    lang = detectLang(flags.lang);
    if (flags.version) {
      process.stdout.write(`${VERSION}\n`);
      return 0;
    }
    if (flags.help || command === 'help') {
      const { helpFor } = await import('./commands/help.js');
      process.stdout.write(helpFor(translator(lang), flags.help ? command : (topic ?? 'wizard')));
      return 0;
    }
    const run = await loadCommand(command);
    return await run(flags, lang);
  } catch (error) {
    return reportError(error, lang);
  }
}

type CommandRun = (flags: Flags, lang: Lang) => Promise<number>;

/** Each command's module, loaded only when it runs (Ink and React only for the interactive ones). */
const COMMAND_LOADERS: Record<CommandName, () => Promise<CommandRun>> = {
  doctor: async () => (await import('./commands/doctor.js')).doctorCommand,
  status: async () => (await import('./commands/status.js')).statusCommand,
  switch: async () => (await import('./commands/switch.js')).switchCommand,
  plan: async () => (await import('./commands/switch.js')).planCommand,
  report: async () => (await import('./commands/report.js')).reportCommand,
  rollback: async () => (await import('./commands/rollback.js')).rollbackCommand,
  wizard: async () => {
    preferLiveTerminal();
    return (await import('./commands/wizard.js')).wizardCommand;
  },
  demo: async () => {
    preferLiveTerminal();
    return (await import('./commands/demo.js')).demoCommand;
  },
  help: () => Promise.reject(new Error('help is answered before any command loads')),
};

function loadCommand(command: CommandName): Promise<CommandRun> {
  return COMMAND_LOADERS[command]();
}

function reportError(error: unknown, lang: Lang): number {
  const t = translator(lang);
  if (error instanceof InterruptedError) return 130;
  if (error instanceof UsageError) {
    const { problem, fix } = error.describe(t);
    process.stderr.write(`${t('cli.error')}: ${problem}${fix ? `\n${t('cli.fix')}: ${fix}` : ''}\n`);
    return 2;
  }
  if (isOrdinaryFault(error)) {
    // A full disk, a read-only mount, an immutable file: the machine's problem, said plainly.
    process.stderr.write(`${t('cli.error')}: ${describeFault(error)}\n${t('cli.fix')}: ${t('err.faultFix')}\n`);
    return 2;
  }
  process.stderr.write(`${t('cli.bug')}\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 1;
}

/** The bin's entry: run, then end the process even if a stalled probe left a socket behind. */
export async function run(argv: string[]): Promise<never> {
  installOutputGuard();
  const code = await main(argv);
  process.exit(code);
}
