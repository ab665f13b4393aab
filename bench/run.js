// npm run bench: start-up, doctor latency against a healthy stack and a hung one, and peak
// memory, each measured side by side with its baseline, several times; medians and ratios.
// Needs the machine's PostgreSQL and Redis (TEST_DATABASE_URL / TEST_REDIS_URL, else the
// defaults of .ci/run) and a built bin (npm install builds it).
import { execFile, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const here = new URL('.', import.meta.url).pathname;
const root = join(here, '..');
const BIN = join(root, 'bin/backend-switch.js');
const STANDIN = join(root, 'dist/standins/backend-main.js');
const REPEAT = Number(process.env.BENCH_REPEAT ?? 9);
const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const TIMEOUT_MS = 2000;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function timed(file, args, options = {}) {
  const started = performance.now();
  await run(file, args, { ...options, maxBuffer: 16 * 1024 * 1024 }).catch((error) => {
    if (error.code === 'ENOENT' || typeof error.code !== 'number') throw error; // exit 1 (a failed check) is a result
  });
  return performance.now() - started;
}

/** Median wall time of `count` runs, after one warm-up run. */
async function measure(file, args, options) {
  await timed(file, args, options);
  const times = [];
  for (let i = 0; i < REPEAT; i += 1) times.push(await timed(file, args, options));
  return median(times);
}

async function peakRss(args, options = {}) {
  const file = join(mkdtempSync(join(tmpdir(), 'bs-rss-')), 'rss');
  await run(process.execPath, ['-r', join(here, 'max-rss.cjs'), BIN, ...args], { ...options, env: { ...process.env, ...options.env, BENCH_RSS_FILE: file } }).catch(() => {});
  return Number(readFileSync(file, 'utf8')) / 1024;
}

/** The wizard up to its first screen, in a pseudo-terminal: q as soon as it shows. */
async function wizardRss(cwd) {
  const file = join(mkdtempSync(join(tmpdir(), 'bs-rss-')), 'rss');
  const spec = { argv: ['env', `BENCH_RSS_FILE=${file}`, process.execPath, '-r', join(here, 'max-rss.cjs'), BIN, '--cwd', cwd], script: [['wait', 'Step 1 of', 30], ['send', 'q'], ['exit', 10]] };
  await run('python3', [join(root, 'test/helpers/pty-drive.py'), JSON.stringify(spec)]);
  return Number(readFileSync(file, 'utf8')) / 1024;
}

/**
 * `demo` in a pseudo-terminal, from its launch to its first selectable screen (the direction
 * choice drawn, its first option marked), as pty-drive times it; then q. The services start
 * behind that screen, so their start-up is not in this figure (the banner times them).
 */
async function demoFirstScreen() {
  const firstScreen = 'Switch to which backend, and where\\?.*❯ Bun → Elixir/Phoenix · development';
  const spec = { argv: [process.execPath, BIN, 'demo'], script: [['wait', firstScreen, 60], ['send', 'q'], ['exit', 60]] };
  const { stdout } = await run('python3', [join(root, 'test/helpers/pty-drive.py'), JSON.stringify(spec)], { maxBuffer: 64 * 1024 * 1024 });
  const result = JSON.parse(stdout);
  if (!result.ok) throw new Error(`demo: no first screen (step ${result.failed_step})`);
  return result.times[0] * 1000;
}

const DEMO_RUNS = Number(process.env.BENCH_DEMO_REPEAT ?? 5);
const DEMO_TARGET_MS = 3000;

/** Median of DEMO_RUNS launches of `demo`, after one warm-up (each ends with q: its services stop, its copy goes). */
async function demoRow() {
  await demoFirstScreen();
  const ms = median(await sequence(DEMO_RUNS, demoFirstScreen));
  return { what: `demo: launch to its first selectable screen (pty, median of ${DEMO_RUNS})`, ms, targetMs: DEMO_TARGET_MS };
}

const demoLine = (d) => `| ${d.what} | ${d.ms.toFixed(0)} ms | | | | ≤ ${d.targetMs} ms | ${d.ms <= d.targetMs ? 'yes' : 'no'} |`;

async function sequence(count, measureOnce) {
  const values = [];
  for (let i = 0; i < count; i += 1) values.push(await measureOnce());
  return values;
}

function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Accepts connections and never answers: every probe aimed here can only time out. */
function stalled() {
  return new Promise((resolve) => {
    const server = createServer(() => {}).listen(0, '127.0.0.1', () => resolve({ server, port: server.address().port }));
  });
}

function setEnv(path, values) {
  let text = readFileSync(path, 'utf8');
  for (const [key, value] of Object.entries(values)) text = text.replace(new RegExp(`^${key}=.*$`, 'm'), `${key}=${value}`);
  writeFileSync(path, text);
}

async function main() {
  // BENCH_ONLY=demo: the demo's figure alone (it needs no PostgreSQL or Redis of the machine).
  if (process.env.BENCH_ONLY === 'demo') {
    const demo = await demoRow();
    process.stdout.write(`| measure | median | baseline | baseline median | ratio | target | met |\n|---|---|---|---|---|---|---|\n${demoLine(demo)}\n\n(node ${process.version}, ${new Date().toISOString()})\n`);
    return;
  }
  const copy = mkdtempSync(join(tmpdir(), 'bs-bench-'));
  cpSync(join(root, 'fixtures/ecredit'), copy, { recursive: true });
  const port = await freePort();
  const dbName = `bs_bench_${process.pid}`;
  const admin = new URL(DATABASE_URL);
  await run('psql', ['-qc', `CREATE DATABASE ${dbName}`, admin.toString()]);
  const db = new URL(DATABASE_URL);
  db.pathname = `/${dbName}`;
  writeFileSync(join(copy, 'backend-switch.yaml'), `ports: { api: ${port} }\nurls: { api: "http://127.0.0.1:${port}" }\n`);
  setEnv(join(copy, 'apps/backend/.env'), { DATABASE_URL: db.toString(), REDIS_URL, PORT: String(port) });
  setEnv(join(copy, 'apps/frontend/.env.local'), { VITE_API_URL: `http://127.0.0.1:${port}` });
  await run(process.execPath, [STANDIN, 'bun', 'migrate'], { cwd: join(copy, 'apps/backend') });
  const backend = spawn(process.execPath, [STANDIN, 'bun', 'serve'], { cwd: join(copy, 'apps/backend'), stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve) => backend.stdout.once('data', resolve));

  const hung = await Promise.all([stalled(), stalled(), stalled()]);
  const hungCopy = mkdtempSync(join(tmpdir(), 'bs-bench-hung-'));
  cpSync(join(root, 'fixtures/ecredit'), hungCopy, { recursive: true });
  setEnv(join(hungCopy, 'apps/backend/.env'), { DATABASE_URL: `postgres://postgres@127.0.0.1:${hung[1].port}/x`, REDIS_URL: `redis://127.0.0.1:${hung[2].port}` });

  try {
    const rows = [];
    const node = await measure(process.execPath, ['-e', '0']);
    const version = await measure(process.execPath, [BIN, '--version']);
    rows.push({ what: 'backend-switch --version', ms: version, baseline: 'node -e 0', baselineMs: node, target: 1.3 });

    const redisPort = new URL(REDIS_URL).port || '6379';
    const manual = await measure(join(here, 'manual-checks.sh'), [String(port), db.toString(), redisPort, 'http://localhost:5173']);
    const doctor = await measure(process.execPath, [BIN, 'doctor', '--json', '--cwd', copy, '--backend', 'bun']);
    rows.push({ what: 'doctor --json (14 checks, healthy stack)', ms: doctor, baseline: '5 manual checks (shell)', baselineMs: manual, target: 1.5 });

    const hungDoctor = await measure(process.execPath, [BIN, 'doctor', '--json', '--cwd', hungCopy, '--backend', 'bun', '--timeout', String(TIMEOUT_MS), '--api-url', `http://127.0.0.1:${hung[0].port}`]);
    rows.push({ what: 'doctor --json, every probe hung', ms: hungDoctor, baseline: `one timeout (${TIMEOUT_MS} ms)`, baselineMs: TIMEOUT_MS, target: 1.1 });

    const rssRuns = 3;
    const doctorRss = median(await sequence(rssRuns, () => peakRss(['doctor', '--json', '--cwd', copy, '--backend', 'bun'])));
    const wizard = median(await sequence(rssRuns, () => wizardRss(copy)));
    const demo = await demoRow();
    const memory = [
      { what: 'peak RSS, wizard to its first screen', mb: wizard, targetMb: 90 },
      { what: 'peak RSS, doctor --json', mb: doctorRss, targetMb: 70 },
    ];

    const table = [
      `| measure | median | baseline | baseline median | ratio | target | met |`,
      `|---|---|---|---|---|---|---|`,
      ...rows.map((r) => `| ${r.what} | ${r.ms.toFixed(0)} ms | ${r.baseline} | ${r.baselineMs.toFixed(0)} ms | ${(r.ms / r.baselineMs).toFixed(2)}× | ≤ ${r.target}× | ${r.ms / r.baselineMs <= r.target ? 'yes' : 'no'} |`),
      ...memory.map((m) => `| ${m.what} | ${m.mb.toFixed(1)} MB | | | | ≤ ${m.targetMb} MB | ${m.mb <= m.targetMb ? 'yes' : 'no'} |`),
      demoLine(demo),
    ].join('\n');
    process.stdout.write(`${table}\n\n(timings: ${REPEAT} runs each after a warm-up, medians; memory: median of 3; node ${process.version}, ${new Date().toISOString()})\n`);
    const results = { date: new Date().toISOString(), node: process.version, repeat: REPEAT, timing: rows.map((r) => ({ ...r, ratio: r.ms / r.baselineMs })), memory, demo };
    writeFileSync(join(here, 'results/latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  } finally {
    backend.kill('SIGTERM');
    for (const h of hung) h.server.close();
    await run('psql', ['-qc', `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`, admin.toString()]).catch(() => {});
    rmSync(copy, { recursive: true, force: true });
    rmSync(hungCopy, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
