// Bundles source/ and its dependencies into dist/ with esbuild. Runs on `npm install`
// (prepare) so the bin starts from plain JavaScript. Each dependency lands in the chunk of
// the dynamic import that needs it, so a path loads only what it uses, from a few files
// instead of hundreds. Kept external: native add-ons and packages that load WASM or other
// files from their own folder at run time; dockerode and the UI (Ink, React) are bundled too.
import { build } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIST = resolve(fileURLToPath(new URL('../dist', import.meta.url)));

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

/** dockerode's ssh and BuildKit dependencies, never used here: see scripts/stubs/docker-transports.cjs. */
const dockerTransportsLeftOut = {
  name: 'docker-transports-left-out',
  setup(build) {
    const stub = fileURLToPath(new URL('stubs/docker-transports.cjs', import.meta.url));
    build.onResolve({ filter: /^(ssh2|@grpc\/grpc-js|@grpc\/proto-loader|protobufjs)$/ }, () => ({ path: stub }));
  },
};

/**
 * pg asks at load time whether it runs on Cloudflare Workers by constructing a `Response`,
 * which on Node 20 loads undici (~15 ms) for nothing: on Node it never is.
 */
const pgWithoutFetch = {
  name: 'pg-without-fetch',
  setup(build) {
    build.onLoad({ filter: /[\\/]pg[\\/]lib[\\/]stream\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const patched = text.replace("typeof Response === 'function'", 'false');
      if (patched === text) throw new Error(`pg-without-fetch: ${args.path} changed; review the patch`);
      return { contents: patched, loader: 'js' };
    });
  },
};

const result = await build({
  entryPoints: ['source/cli.ts', 'source/standins/backend-main.ts', 'source/standins/embedded-postgres-main.ts', 'source/standins/compose-main.ts'],
  outdir: DIST,
  write: false,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: [
    '@electric-sql/pglite', '@electric-sql/pglite-socket', // WASM and data files beside their code
    'pg-native', 'bufferutil', 'utf-8-validate', // optional native add-ons
    'react-devtools-core', // Ink loads it only under DEV=true, for React DevTools
  ],
  // Bundled CommonJS dependencies call require() for Node's built-ins.
  banner: { js: "import { createRequire as __bsCreateRequire } from 'node:module'; const require = __bsCreateRequire(import.meta.url);" },
  plugins: [dockerTransportsLeftOut, pgWithoutFetch],
  jsx: 'automatic',
  // React and its reconciler pick their production builds (a third of the development one's
  // size) by this expression; replacing it in the bundle leaves the environment that the
  // backends and tools we start inherit untouched.
  define: { __VERSION__: JSON.stringify(version), 'process.env.NODE_ENV': '"production"' },
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
});
writeChanged(result.outputFiles);

/**
 * Writes only the files whose content changed, each by rename, and then removes what the
 * build no longer makes: a bin already running (a test, a wizard) never finds a file
 * missing or half-written when the sources did not change.
 */
function writeChanged(outputs) {
  const made = new Set(outputs.map((file) => file.path));
  for (const file of outputs) {
    if (existsSync(file.path) && readFileSync(file.path).equals(file.contents)) continue;
    mkdirSync(dirname(file.path), { recursive: true });
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
  }
  for (const entry of readdirSync(DIST, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath ?? entry.path, entry.name);
    if (entry.isFile() && !made.has(path)) rmSync(path);
  }
}
