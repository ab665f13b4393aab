import picocolors from 'picocolors';
import type { CheckStatus } from '../core/check.js';

export type Colors = ReturnType<typeof picocolors.createColors>;

export function colors(enabled: boolean): Colors {
  return picocolors.createColors(enabled);
}

export function paintStatus(c: Colors, status: CheckStatus, text: string): string {
  switch (status) {
    case 'ok':
      return c.green(text);
    case 'warn':
      return c.yellow(text);
    case 'fail':
      return c.red(text);
    default:
      return c.dim(text);
  }
}
