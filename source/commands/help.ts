import type { CommandName } from '../cli.js';
import type { Translate } from '../i18n/index.js';

export function helpText(t: Translate, command: CommandName): string {
  const specific = command === 'wizard' ? '' : `${t(`help.${command}`)}\n\n`;
  return `${specific}${t('help.main')}\n`;
}
