// Bundles source/ and its dependencies into dist/ with esbuild. Runs on `npm install`
// (prepare) so the bin starts from plain JavaScript. Each dependency lands in the chunk of
// the dynamic import that needs it, so a path loads only what it uses, from a few files
// instead of hundreds. Kept external: native add-ons and packages that load WASM or other
// files from their own folder at run time.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

rmSync('dist', { recursive: true, force: true });

await build({
  entryPoints: ['source/cli.ts', 'source/standins/backend-main.ts', 'source/standins/embedded-postgres-main.ts', 'source/standins/compose-main.ts'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: [
    '@electric-sql/pglite', '@electric-sql/pglite-socket', // WASM and data files beside their code
    'pg-native', 'cpu-features', 'ssh2', 'bufferutil', 'utf-8-validate', // optional native add-ons
    'dockerode', // pulls ssh2; loaded only when a Docker socket exists
    'ink', 'react', 'ink-select-input', 'yoga-layout', // the UI: loaded only by the wizard paths
  ],
  // Bundled CommonJS dependencies call require() for Node's built-ins.
  banner: { js: "import { createRequire as __bsCreateRequire } from 'node:module'; const require = __bsCreateRequire(import.meta.url);" },
  jsx: 'automatic',
  define: { __VERSION__: JSON.stringify(version) },
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
});
