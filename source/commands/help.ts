import type { Translate } from '../i18n/index.js';
import { differences } from '../render/differences.js';
import { COMMAND_OPTIONS, COMMANDS, flagLabel, GLOBAL_OPTIONS, HELP_ARGUMENT, type CommandName, type HelpTopic, type OptionTable } from './options.js';

/** Help never passes this many columns, in any language. */
export const HELP_WIDTH = 80;
const LABEL_WIDTH = 22;

/** `backend-switch help [TOPIC]` and `backend-switch COMMAND --help`: a command's help, or the Differences page. */
export function helpFor(t: Translate, topic: HelpTopic): string {
  return topic === 'differences' ? differencesText(t) : helpText(t, topic);
}

/**
 * Help generated from the option tables: `backend-switch --help` lists the commands and the
 * global flags; `backend-switch <command> --help` shows that command's usage and flags.
 */
export function helpText(t: Translate, command: CommandName): string {
  const lines =
    command === 'wizard'
      ? [
          ...wrap(`${t('help.usage')} backend-switch [command] [flags]`, HELP_WIDTH, '  '),
          '',
          ...wrap(t('help.about'), HELP_WIDTH),
          '',
          t('help.commandsTitle'),
          ...columns(COMMANDS.map((name) => [name === 'wizard' ? t('help.noCommand') : name, t(`help.${name}`)])),
          '',
          t('help.globalTitle'),
          ...flagRows(t, GLOBAL_OPTIONS),
          '',
          ...wrap(t('help.commandHelp'), HELP_WIDTH),
        ]
      : [
          ...wrap(`backend-switch ${command}: ${t(`help.${command}`)}.`, HELP_WIDTH),
          '',
          ...wrap(`${t('help.usage')} ${usage(command)}`, HELP_WIDTH, '  '),
          '',
          ...(command === 'help' ? [t('help.argsTitle'), ...columns([[HELP_ARGUMENT.value, t(HELP_ARGUMENT.describe)]]), ''] : []),
          ...(Object.keys(COMMAND_OPTIONS[command]).length > 0 ? [t('help.flagsTitle'), ...flagRows(t, COMMAND_OPTIONS[command]), ''] : []),
          t('help.globalTitle'),
          ...flagRows(t, GLOBAL_OPTIONS),
        ];
  return `${[...lines, '', ...wrap(t('help.exitCodes'), HELP_WIDTH)].join('\n')}\n`;
}

/** `backend-switch switch --to bun|elixir [--mode dev|docker] [--yes] ...` */
function usage(command: CommandName): string {
  const table: OptionTable = COMMAND_OPTIONS[command];
  const flags = Object.entries(table).map(([name, spec]) => (spec.required ? flagLabel(name, spec) : `[${flagLabel(name, spec)}]`));
  return ['backend-switch', command, ...(command === 'help' ? [`[${HELP_ARGUMENT.value}]`] : []), ...flags].join(' ');
}

const WHO_WIDTH = 8;

/**
 * Guide §4 and §8 as `backend-switch help differences` prints them: each topic, then one
 * line per backend, the text wrapped beside its name.
 */
export function differencesText(t: Translate): string {
  const lines = [...wrap(t('diff.title'), HELP_WIDTH)];
  for (const section of differences(t)) {
    lines.push('', section.title);
    for (const topic of section.topics) {
      lines.push(`  ${topic.label}`);
      for (const { who, text } of topic.lines) {
        const indent = `    ${who === undefined ? '' : ' '.repeat(WHO_WIDTH)}`;
        const body = wrap(text, HELP_WIDTH - indent.length);
        const head = who === undefined ? indent : `    ${who.padEnd(WHO_WIDTH)}`;
        lines.push(`${head}${body[0] ?? ''}`, ...body.slice(1).map((line) => indent + line));
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

function flagRows(t: Translate, table: OptionTable): string[] {
  return columns(Object.entries(table).map(([name, spec]) => [flagLabel(name, spec, { short: true }), t(spec.describe)]));
}

/** Two columns: the label, then its description wrapped beside it (or below it, when the label is long). */
function columns(rows: [string, string][]): string[] {
  const indent = '  ';
  const pad = ' '.repeat(indent.length + LABEL_WIDTH);
  return rows.flatMap(([label, text]) => {
    const body = wrap(text, HELP_WIDTH - pad.length);
    const head = `${indent}${label}`;
    if (head.length < pad.length) return [`${head.padEnd(pad.length)}${body[0] ?? ''}`.trimEnd(), ...body.slice(1).map((line) => pad + line)];
    return [head, ...body.map((line) => pad + line)];
  });
}

/** Greedy word wrap to `width` columns; lines after the first start with `continuation`. */
function wrap(text: string, width: number, continuation = ''): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const prefix = lines.length === 0 ? '' : continuation;
    if (line && prefix.length + line.length + 1 + word.length > width) {
      lines.push(prefix + line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line || lines.length === 0) lines.push((lines.length === 0 ? '' : continuation) + line);
  return lines;
}
