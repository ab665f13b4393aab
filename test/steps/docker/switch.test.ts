import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseDocument } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { translator } from '../../../source/i18n/index.js';
import type { BackendName } from '../../../source/project/config.js';
import { colors } from '../../../source/render/colors.js';
import { renderPlan } from '../../../source/render/plan-text.js';
import { finishRun } from '../../../source/report/finish.js';
import { createStepContext } from '../../../source/steps/context.js';
import { scriptedAnswerer, SwitchEngine, type EngineEvent } from '../../../source/steps/engine.js';
import { runBin } from '../../helpers/bin.js';
import { FIXTURES } from '../../helpers/fixture.js';
import { dockerMonorepo, type DockerMonorepo } from '../../helpers/monorepo.js';
import { freshDatabasePerTest } from '../../helpers/postgres.js';
import { treeHash } from '../../helpers/tree.js';

// A whole Docker-mode switch (guide §3), run in-process by the engine as `switch --mode docker
// --yes` runs it: the `docker compose` stand-in records each call and runs the stand-in
// backends, the Engine API stand-in answers on a unix socket, and the database is the test's
// own (PGlite or TEST_DATABASE_URL's), published as the compose `db` service.
const database = freshDatabasePerTest();
const t = translator('en');

const read = (repo: DockerMonorepo, file: string) => readFileSync(join(repo.root, file), 'utf8');
const comments = (text: string) => text.split('\n').filter((line) => line.trim().startsWith('#')).map((line) => line.trim());
const backendServices = (text: string) => Object.entries(parse(text).services as Record<string, { build?: { context?: string } }>).filter(([, s]) => /apps\/backend(-ex)?$/.test(String(s.build?.context ?? ''))).map(([name]) => name);

/** Where the compose stand-in writes each call, for this test only. */
function composeCalls(): () => string[] {
  const log = join(mkdtempSync(join(tmpdir(), 'bs-compose-log-')), 'calls.log');
  process.env.COMPOSE_STANDIN_LOG = log;
  return () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as string[]).join(' ')) : []);
}
afterEach(() => {
  delete process.env.COMPOSE_STANDIN_LOG;
});

function engineFor(repo: DockerMonorepo, to: BackendName, onEvent?: (event: EngineEvent<unknown>) => void) {
  return new SwitchEngine({
    to,
    mode: 'docker',
    finish: finishRun,
    answerer: scriptedAnswerer(true),
    ...(onEvent ? { onEvent } : {}),
    createContext: (target, mode) => createStepContext(
      { project: { root: repo.root }, t, apiUrl: repo.apiUrl, frontendOrigin: 'http://localhost:5173', timeoutMs: 2000 },
      { to: target, mode, signal: new AbortController().signal, dockerSocket: repo.env.DOCKER_HOST!.replace('unix://', '') },
    ),
  });
}

/** `switch --to <to> --mode docker --yes`, in-process; every text it would print is kept. */
async function dockerSwitch(repo: DockerMonorepo, to: BackendName) {
  const printed: string[] = [];
  const { finished } = await engineFor(repo, to, (event) => {
    if (event.type === 'output') printed.push(event.event.type === 'line' ? event.event.line : event.event.text);
    if (event.type === 'step-start') printed.push(...event.preview.lines);
    if (event.type === 'step-end') printed.push(event.outcome.detail, event.outcome.fix ?? '');
  }).run();
  return { ...finished, printed };
}

describe('a switch in Docker mode, run by the engine', () => {
  it('planned: the compose diff, the Dockerfile ARG, migrations in the container and the restart, with no byte changed', async () => {
    const repo = await dockerMonorepo(database().url);
    const before = treeHash(repo.root);
    const { steps, previews } = await engineFor(repo, 'elixir').plan();
    expect(steps.map((s) => `${s.id}:${previews[steps.indexOf(s)]!.state}`)).toEqual(['preflight:todo', 'secrets:todo', 'compose:todo', 'dockerfile:todo', 'build:todo', 'migrate:todo', 'up:todo', 'verify:todo']);
    const text = renderPlan(repo.root, steps, previews, t, colors(false));
    expect(text).toContain('+  backend-ex:');
    expect(text).toContain('+ARG VITE_API_URL=http://backend-ex:3000');
    expect(text).toMatch(/--env-file \.env\.docker run --rm backend-ex .*elixir migrate/); // the configured migrate command, in the container
    expect(text).toContain('up -d --build');
    expect(treeHash(repo.root)).toBe(before);
    expect(existsSync(join(repo.root, '.backend-switch'))).toBe(false);
  });

  it('to Elixir: one backend service described by its own comment, every other comment kept, secrets in .env.docker (0600), the compose calls in order; back to Bun gives the original files', async () => {
    const repo = await dockerMonorepo(database().url);
    const original = read(repo, 'docker-compose.yml');
    const calls = composeCalls();
    const toElixir = await dockerSwitch(repo, 'elixir');
    expect(toElixir.report.result, JSON.stringify(toElixir.report.steps)).toMatch(/^(switched|partial)$/);

    const compose = read(repo, 'docker-compose.yml');
    expect(parseDocument(compose).errors).toEqual([]);
    expect(backendServices(compose)).toEqual(['backend-ex']);
    // The same comments in the same order, but the one that described the Bun service.
    expect(comments(original)).toContain('# Bun backend (Socket.IO, pg-boss)');
    expect(comments(compose)).toEqual(comments(original).map((line) => (line === '# Bun backend (Socket.IO, pg-boss)' ? '# Elixir/Phoenix backend (Phoenix Channels, Oban)' : line)));
    expect(compose).toMatch(/# Elixir\/Phoenix backend \(Phoenix Channels, Oban\)\n  backend-ex:\n/);
    const service = parse(compose).services['backend-ex'];
    expect(service.environment).toMatchObject({ JWT_SECRET: '${JWT_SECRET}', SECRET_KEY_BASE: '${SECRET_KEY_BASE}', MIX_ENV: 'prod' });
    expect(service.depends_on).toEqual({ db: { condition: 'service_healthy' } }); // db has a healthcheck: compose waits for it
    expect(parse(compose).services.frontend.depends_on).toEqual(['backend-ex']);
    expect(read(repo, 'apps/frontend/Dockerfile')).toContain('ARG VITE_API_URL=http://backend-ex:3000');
    expect(calls()).toEqual([
      'version', // the gate: a compose command that answers, before any change
      '--env-file .env.docker build backend-ex', // each image built while the old stack still runs
      '--env-file .env.docker build frontend',
      expect.stringMatching(/^--env-file \.env\.docker run --rm backend-ex .*elixir migrate$/),
      '--env-file .env.docker down --remove-orphans',
      '--env-file .env.docker up -d --build',
    ]);
    expect(statSync(join(repo.root, '.env.docker')).mode & 0o777).toBe(0o600);
    expect(read(repo, '.env.docker')).toMatch(/^SECRET_KEY_BASE=[A-Za-z0-9+/]{64}$/m);
    expect(compose).not.toMatch(/SECRET_KEY_BASE: [A-Za-z0-9+/]{64}/); // referenced, never written in

    const toBun = await dockerSwitch(repo, 'bun');
    expect(toBun.report.result, JSON.stringify(toBun.report.steps)).toMatch(/^(switched|partial)$/);
    expect(read(repo, 'docker-compose.yml')).toBe(original);
    expect(read(repo, 'apps/frontend/Dockerfile')).toBe(readFileSync(join(FIXTURES, 'ecredit/apps/frontend/Dockerfile'), 'utf8'));
  });

  it('never shows a secret: nothing it prints, no report and no log it writes holds one', async () => {
    const repo = await dockerMonorepo(database().url);
    const run = await dockerSwitch(repo, 'elixir');
    expect(run.report.result).toMatch(/^(switched|partial)$/);
    const env = parse(read(repo, '.env.docker').replace(/=/g, ': ')) as Record<string, string>;
    const secrets = [env.SECRET_KEY_BASE, env.JWT_SECRET, env.POSTGRES_PASSWORD].filter(Boolean) as string[];
    expect(secrets.length).toBe(3);
    const state = join(repo.root, '.backend-switch');
    const written = ['reports', 'logs'].filter((dir) => existsSync(join(state, dir))).flatMap((dir) => readdirSync(join(state, dir)).map((f) => readFileSync(join(state, dir, f), 'utf8')));
    expect(written.length).toBeGreaterThanOrEqual(2); // the report, as Markdown and JSON
    for (const text of [run.printed.join('\n'), JSON.stringify(run.report), ...written]) {
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
  });
  it('rollback (the command) restores every file byte for byte; after a hand edit it refuses without --yes (exit 2)', async () => {
    const repo = await dockerMonorepo(database().url);
    const files = ['docker-compose.yml', '.env.docker', 'apps/frontend/Dockerfile'];
    const originals = files.map((f) => read(repo, f));
    expect((await dockerSwitch(repo, 'elixir')).report.result).toMatch(/^(switched|partial)$/);
    const rolled = await runBin(['rollback', '--cwd', repo.root]);
    expect(rolled.exitCode, rolled.stderr).toBe(0);
    expect(files.map((f) => read(repo, f))).toEqual(originals);

    expect((await dockerSwitch(repo, 'elixir')).report.result).toMatch(/^(switched|partial)$/);
    writeFileSync(join(repo.root, 'apps/frontend/Dockerfile'), `${read(repo, 'apps/frontend/Dockerfile')}# edited by hand\n`);
    const refused = await runBin(['rollback', '--cwd', repo.root]);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('apps/frontend/Dockerfile');
    expect(refused.stderr).toContain('--yes');
    const forced = await runBin(['rollback', '--yes', '--cwd', repo.root]);
    expect(forced.exitCode).toBe(0);
    expect(files.map((f) => read(repo, f))).toEqual(originals);
  });
});
