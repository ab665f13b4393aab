import { describe, expect, expectTypeOf, it } from 'vitest';
import { parse } from '../../source/cli.js';
import { differencesText, helpText, HELP_WIDTH } from '../../source/commands/help.js';
import { COMMAND_OPTIONS, COMMANDS, flagLabel, GLOBAL_OPTIONS, type Flags, type OptionTable } from '../../source/commands/options.js';
import { UsageError } from '../../source/util/errors.js';
import { translator, type Lang } from '../../source/i18n/index.js';
import { runBin } from '../helpers/bin.js';

const LANGS: Lang[] = ['en', 'es'];

function usageError(run: () => unknown): UsageError {
  try {
    run();
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error('expected a UsageError');
}

describe('help, generated from the option tables', () => {
  describe.each(LANGS)('in %s', (lang) => {
    it.each([...COMMANDS])('for %s fits 80 columns and shows every flag of its table and the global ones', (command) => {
      const text = helpText(translator(lang), command);
      const lines = text.trimEnd().split('\n');
      for (const line of lines) expect(line.length, `${command} (${lang}): "${line}"`).toBeLessThanOrEqual(HELP_WIDTH);
      const tables: OptionTable[] = [COMMAND_OPTIONS[command], GLOBAL_OPTIONS];
      for (const [name, spec] of tables.flatMap((table) => Object.entries(table))) {
        const label = flagLabel(name, spec, { short: true });
        expect(lines.some((line) => line.startsWith(`  ${label}`)), `${command} (${lang}) lists ${label}`).toBe(true);
      }
      expect(text).not.toMatch(/help\.|err\./); // no catalog key left untranslated
    });
  });

  it('without a command, names every command', () => {
    const text = helpText(translator('en'), 'wizard');
    for (const command of COMMANDS.filter((c) => c !== 'wizard')) expect(text).toMatch(new RegExp(`^  ${command} `, 'm'));
  });

  it('names `help differences` in the general help, and `help` shows its argument', () => {
    expect(helpText(translator('en'), 'wizard')).toMatch(/^  help +this help; help COMMAND for a command, help differences/m);
    expect(helpText(translator('es'), 'help')).toContain('Uso: backend-switch help [COMMAND|differences]');
  });

  it('for a command, starts with its usage line built from its table', () => {
    const text = helpText(translator('en'), 'plan');
    expect(text).toContain('Usage: backend-switch plan --to bun|elixir [--mode dev|docker] [--rehearse]');
  });
});

describe('help differences: guide §4 and §8, in both languages', () => {
  it.each(LANGS)('in %s fits 80 columns and says, from the guide, where each backend logs, its jobs, its console and where to ask', (lang) => {
    const text = differencesText(translator(lang));
    for (const line of text.trimEnd().split('\n')) expect(line.length, `(${lang}) "${line}"`).toBeLessThanOrEqual(HELP_WIDTH);
    const flat = text.replace(/\s+/g, ' ');
    for (const fromGuide of [
      'docker compose logs -f backend', 'docker compose logs -f backend-ex', 'GET /health', // §4 Monitoreo
      'SELECT * FROM pgboss.job;', 'GET /oban', 'Oban.Web.PlugRouter', // the job queues and their dashboards
      'iex -S mix phx.server', 'Oban.Job |> Ecredit.Repo.all()', // the console
      '~100ms', '~2-3s', 'PM2/clustering', // §4 Performance
      'apps/backend/README.md', 'apps/backend-ex/README.md', 'apps/backend-ex/AGENTS.md', // §8
    ]) expect(flat, `(${lang}) ${fromGuide}`).toContain(fromGuide);
    expect(text).not.toMatch(/https?:\/\//); // the guide names no address beyond these files
    expect(text).not.toMatch(/diff\.|help\./); // no catalog key left untranslated
  });

  it('speaks each language: the guide\'s own section names in Spanish', () => {
    expect(differencesText(translator('es'))).toContain('Contacto y soporte (guía §8)');
    expect(differencesText(translator('en'))).toContain('Contact and support (guide §8)');
  });
});

describe('the command line, one option table per command', () => {
  it('gives each command its own flags, typed', () => {
    expect(parse(['plan', '--to', 'bun', '--rehearse']).flags).toMatchObject({ to: 'bun', rehearse: true });
    expect(parse(['switch', '--to', 'elixir', '-y', '--no-rehearse']).flags).toMatchObject({ to: 'elixir', yes: true, 'no-rehearse': true });
    expect(parse(['rollback', '--list', '--run', '20240101-1200']).flags).toMatchObject({ list: true, run: '20240101-1200' });
    expect(parse(['demo', '--keep', '--scenario', 'cors', '--timeout', '600000']).flags).toMatchObject({ keep: true, scenario: 'cors', timeout: '600000' });
    expectTypeOf<Flags['rehearse']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<Flags['run']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Flags['no-color']>().toEqualTypeOf<boolean | undefined>();
  });

  it.each([
    [['status', '--to', 'bun'], 'backend-switch status takes no --to flag; --to belongs to: switch, plan.', 'Run backend-switch status --help for its flags.'],
    [['plan', '--to', 'bun', '--yes'], 'backend-switch plan takes no --yes flag; --yes belongs to: switch, rollback.', 'Run backend-switch plan --help for its flags.'],
    [['report', '-y'], 'backend-switch report takes no -y flag; -y belongs to: switch, rollback.', 'Run backend-switch report --help for its flags.'],
    [['--json'], 'backend-switch takes no --json flag; --json belongs to: status, doctor, switch.', 'Run backend-switch --help for its flags.'],
    [['doctor', '--bogus'], 'Unknown flag --bogus for backend-switch doctor.', 'Run backend-switch doctor --help for its flags.'],
    [['--bogus', 'value'], 'Unknown flag --bogus for backend-switch.', 'Run backend-switch --help for its flags.'],
    [['switch', '--to'], '--to needs a value: --to bun|elixir.', 'Run backend-switch switch --help for its flags.'],
    [['switch', '--to', '--json'], '--to needs a value: --to bun|elixir.', 'Run backend-switch switch --help for its flags.'],
    [['status', '--json=yes'], '--json takes no value, but was given "yes".', 'Run backend-switch status --help for its flags.'],
  ])('refuses %j, naming the flag, the command and the fix', (argv, problem, fix) => {
    const error = usageError(() => parse(argv));
    expect(error.message).toBe(problem);
    expect(error.fix).toBe(fix);
  });

  it.each(['0', '600001', '-5', '1.5', 'soon', ''])('refuses --timeout %j, naming the range', (value) => {
    const error = usageError(() => parse(['status', `--timeout=${value}`]));
    expect(error.problem).toEqual({ key: 'err.timeout', params: { value, max: 600000 } });
    expect(error.message).toContain('from 1 to 600000 (10 minutes)');
  });

  it('takes a topic after help: a command or differences, and refuses anything else', () => {
    expect(parse(['help'])).toMatchObject({ command: 'help' });
    expect(parse(['help'])).not.toHaveProperty('topic');
    expect(parse(['help', 'differences', '--lang', 'es'])).toMatchObject({ command: 'help', topic: 'differences', flags: { lang: 'es' } });
    expect(parse(['help', 'switch'])).toMatchObject({ command: 'help', topic: 'switch' });
    const error = usageError(() => parse(['help', 'logs']));
    expect(error.message).toBe('No help on "logs".');
    expect(error.fix).toBe('Ask for one of: status, doctor, switch, plan, rollback, report, demo, help, differences; or run backend-switch help.');
    expect(usageError(() => parse(['status', 'differences'])).message).toBe('Unexpected argument "differences".');
  });

  it('accepts --timeout from 1 to 600000', () => {
    expect(parse(['report', '--timeout', '1']).flags.timeout).toBe('1');
    expect(parse(['report', '--timeout', '600000']).flags.timeout).toBe('600000');
  });
});

describe('the built bin', () => {
  it('exits 2 on a flag of another command, in the language of --lang', async () => {
    const en = await runBin(['status', '--to', 'bun']);
    expect(en.exitCode).toBe(2);
    expect(en.stderr).toBe('Error: backend-switch status takes no --to flag; --to belongs to: switch, plan.\nFix: Run backend-switch status --help for its flags.');
    const es = await runBin(['status', '--to', 'bun', '--lang', 'es']);
    expect(es.exitCode).toBe(2);
    expect(es.stderr).toContain('Solución: Corre backend-switch status --help para ver sus opciones.');
  });

  it.each(LANGS)('prints every command\'s --help, help and help differences within 80 columns (%s)', async (lang) => {
    const runs = [...COMMANDS.map((command) => (command === 'wizard' ? ['--help'] : [command, '--help'])), ['help'], ['help', 'differences'], ['help', 'doctor']];
    // Two at a time: the machine is shared.
    const results: Awaited<ReturnType<typeof runBin>>[] = [];
    for (let i = 0; i < runs.length; i += 2) results.push(...(await Promise.all(runs.slice(i, i + 2).map((argv) => runBin([...argv, '--lang', lang])))));
    results.forEach((result, i) => {
      const argv = runs[i]!.join(' ');
      expect(result.exitCode, `${argv}: ${result.stderr}`).toBe(0);
      expect(result.stdout.length, argv).toBeGreaterThan(100);
      for (const line of result.stdout.split('\n')) expect([...line].length, `${argv} (${lang}): "${line}"`).toBeLessThanOrEqual(HELP_WIDTH);
    });
    expect(results[runs.findIndex((argv) => argv.join(' ') === 'help')]!.stdout).toBe(results[0]!.stdout); // help is --help
    expect(results[runs.findIndex((argv) => argv.join(' ') === 'help doctor')]!.stdout).toBe(results[COMMANDS.indexOf('doctor')]!.stdout);
    expect(results.at(-2)!.stdout).toContain(lang === 'es' ? 'Diferencias entre los backends (guía §4, §8)' : 'Differences between the backends (guide §4, §8)');
  });

  it('prints a command\'s help in Spanish', async () => {
    const result = await runBin(['switch', '--help', '--lang', 'es']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Uso: backend-switch switch --to bun|elixir');
    expect(result.stdout).toContain('--no-rehearse');
  });
});
