import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Check } from '../core/check.js';
import { shown } from './support.js';

declare module '../core/check.js' {
  interface CheckDataMap {
    /** Each part's folder (as shown) and whether its marker file is there, by part. */
    layout: { parts: Record<string, { dir: string; found: boolean }> };
  }
}

export const layout: Check<'layout'> = {
  id: 'layout',
  async run(ctx) {
    const { project, t } = ctx;
    const parts = [
      { part: 'bun', dir: project.backends.bun.dir, marker: 'package.json', key: 'backends.bun.dir' },
      { part: 'elixir', dir: project.backends.elixir.dir, marker: 'mix.exs', key: 'backends.elixir.dir' },
      { part: 'frontend', dir: project.frontend.dir, marker: 'package.json', key: 'frontend.dir' },
    ].map((entry) => ({ ...entry, found: existsSync(join(entry.dir, entry.marker)) }));
    const data = { parts: Object.fromEntries(parts.map((p) => [p.part, { dir: shown(ctx, p.dir), found: p.found }])) };
    const missing = parts.filter((p) => !p.found);
    if (missing.length === 0) {
      return { status: 'ok', detail: t('layout.ok', { list: parts.map((p) => shown(ctx, p.dir)).join(', ') }), data };
    }
    const detail = missing.map((p) => t('layout.missing', { path: shown(ctx, join(p.dir, p.marker)) })).join(' ');
    const fix = missing.map((p) => t('layout.fix', { key: p.key, marker: p.marker })).join(' ');
    const status = missing.some((p) => p.part === ctx.backend) ? 'fail' : 'warn';
    return { status, detail, fix, data };
  },
};
