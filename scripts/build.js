// Bundles source/ into dist/ with esbuild. Runs on `npm install` (prepare) so the bin
// starts from plain JavaScript. Dependencies stay external: they load lazily, through
// dynamic imports, only on the paths that need them.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

rmSync('dist', { recursive: true, force: true });

await build({
  entryPoints: ['source/cli.ts', 'source/standins/backend-main.ts', 'source/standins/embedded-postgres-main.ts'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  jsx: 'automatic',
  define: { __VERSION__: JSON.stringify(version) },
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
});
