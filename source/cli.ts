import { parseArgs } from 'node:util';
import { UsageError, InterruptedError, errorMessage } from './core/errors.js';
import { preferLiveTerminal } from './core/terminal.js';
import { setLanguage, tr } from './i18n/current.js';
import { detectLang, translator, type Lang } from './i18n/index.js';

declare const __VERSION__: string;
export const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

const OPTIONS = {
  cwd: { type: 'string' },
  lang: { type: 'string' },
  timeout: { type: 'string' },
  'api-url': { type: 'string' },
  'frontend-url': { type: 'string' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  json: { type: 'boolean' },
  backend: { type: 'string' },
  only: { type: 'string' },
  watch: { type: 'boolean' },
  mode: { type: 'string' },
  to: { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
  'dry-run': { type: 'boolean' },
  format: { type: 'string' },
  keep: { type: 'boolean' },
  scenario: { type: 'string' },
} as const;

export type Flags = ReturnType<typeof parse>['flags'];

const COMMANDS = ['wizard', 'status', 'doctor', 'switch', 'plan', 'rollback', 'report', 'demo'] as const;
export type CommandName = (typeof COMMANDS)[number];

function parse(argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(errorMessage(error).replace(/\. To specify a positional.*$/s, '.'), tr('err.helpFix'));
  }
  const [command = 'wizard', ...rest] = parsed.positionals;
  if (!(COMMANDS as readonly string[]).includes(command)) {
    throw new UsageError(tr('err.command', { command }), tr('err.commandFix', { commands: COMMANDS.filter((c) => c !== 'wizard').join(', ') }));
  }
  if (rest.length > 0) throw new UsageError(tr('err.argument', { value: rest[0]! }), tr('err.helpFix'));
  return { command: command as CommandName, flags: parsed.values };
}

/** Runs one command and returns its exit code; the only place that decides it. */
export async function main(argv: string[]): Promise<number> {
  let lang: Lang = detectLang(undefined);
  setLanguage(lang);
  try {
    const { command, flags } = parse(argv);
    if (flags.lang !== undefined && flags.lang !== 'en' && flags.lang !== 'es') {
      throw new UsageError(tr('err.lang', { value: flags.lang }), tr('err.langFix'));
    }
    lang = detectLang(flags.lang);
    setLanguage(lang);
    if (flags.version) {
      process.stdout.write(`${VERSION}\n`);
      return 0;
    }
    if (flags.help) {
      const { helpText } = await import('./commands/help.js');
      process.stdout.write(helpText(translator(lang), command));
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
};

function loadCommand(command: CommandName): Promise<CommandRun> {
  return COMMAND_LOADERS[command]();
}

function reportError(error: unknown, lang: Lang): number {
  const t = translator(lang);
  if (error instanceof InterruptedError) return 130;
  if (error instanceof UsageError) {
    process.stderr.write(`${t('cli.error')}: ${error.message}${error.fix ? `\n${t('cli.fix')}: ${error.fix}` : ''}\n`);
    return 2;
  }
  process.stderr.write(`${t('cli.bug')}\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 1;
}

/** The bin's entry: run, then end the process even if a stalled probe left a socket behind. */
export async function run(argv: string[]): Promise<never> {
  const code = await main(argv);
  process.exit(code);
}
