import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runBin } from '../helpers/bin.js';
import { FIXTURES } from '../helpers/fixture.js';
import { dockerMonorepo, type DockerMonorepo } from '../helpers/monorepo.js';
import { freshDatabasePerTest } from '../helpers/postgres.js';
import { treeHash } from '../helpers/tree.js';

const database = freshDatabasePerTest();

const read = (repo: DockerMonorepo, file: string) => readFileSync(join(repo.root, file), 'utf8');
const comments = (text: string) => text.split('\n').filter((line) => line.trim().startsWith('#')).map((line) => line.trim());
const backendServices = (text: string) => Object.entries(parse(text).services as Record<string, { build?: { context?: string } }>).filter(([, s]) => /apps\/backend(-ex)?$/.test(String(s.build?.context ?? ''))).map(([name]) => name);

function dockerSwitch(repo: DockerMonorepo, to: string, extra: string[] = [], log = join(mkdtempSync(join(tmpdir(), 'bs-compose-log-')), 'calls.log')) {
  return runBin(['switch', '--to', to, '--mode', 'docker', '--yes', '--cwd', repo.root, ...extra], { env: { ...repo.env, COMPOSE_STANDIN_LOG: log } });
}

// Docker mode runs against a stand-in for `docker compose` (no engine here) that records
// each call and runs the stand-in backends, and a stand-in of the Engine API; the database
// is the test's own (real PostgreSQL or PGlite), published as the compose `db` service.
describe('switch --mode docker', () => {
  it('plan --to elixir --mode docker prints the diffs and changes no byte', async () => {
    const repo = await dockerMonorepo(database().url);
    const before = treeHash(repo.root);
    const result = await runBin(['plan', '--to', 'elixir', '--mode', 'docker', '--cwd', repo.root]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('+  backend-ex:');
    expect(result.stdout).toContain('+ARG VITE_API_URL=http://backend-ex:3000');
    expect(result.stdout).toMatch(/--env-file \.env\.docker run --rm backend-ex .*elixir migrate/); // the configured migrate command, in the container
    expect(result.stdout).toContain('up -d --build');
    expect(treeHash(repo.root)).toBe(before);
  });

  it('switches to Elixir: one backend service, every comment kept, secrets in .env.docker (0600); back to Bun gives the original file', async () => {
    const repo = await dockerMonorepo(database().url);
    const original = read(repo, 'docker-compose.yml');
    const log = join(mkdtempSync(join(tmpdir(), 'bs-compose-log-')), 'calls.log');
    const result = await dockerSwitch(repo, 'elixir', [], log);
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);

    const compose = read(repo, 'docker-compose.yml');
    expect(parseDocument(compose).errors).toEqual([]);
    expect(backendServices(compose)).toEqual(['backend-ex']);
    expect(comments(compose)).toEqual(comments(original));
    const service = parse(compose).services['backend-ex'];
    expect(service.environment).toMatchObject({ JWT_SECRET: '${JWT_SECRET}', SECRET_KEY_BASE: '${SECRET_KEY_BASE}', MIX_ENV: 'prod' });
    expect(service.depends_on).toEqual(['db']);
    expect(parse(compose).services.frontend.depends_on).toEqual(['backend-ex']);
    expect(read(repo, 'apps/frontend/Dockerfile')).toContain('ARG VITE_API_URL=http://backend-ex:3000');
    const calls = readFileSync(log, 'utf8').trim().split('\n').map((line) => JSON.parse(line).join(' '));
    expect(calls).toEqual([
      'version', // the gate: a compose command that answers, before any change
      expect.stringMatching(/^--env-file \.env\.docker run --rm backend-ex .*elixir migrate$/),
      '--env-file .env.docker down --remove-orphans',
      '--env-file .env.docker up -d --build',
    ]);
    const envDocker = join(repo.root, '.env.docker');
    expect(statSync(envDocker).mode & 0o777).toBe(0o600);
    expect(read(repo, '.env.docker')).toMatch(/^SECRET_KEY_BASE=[A-Za-z0-9+/]{64}$/m);
    expect(compose).not.toMatch(/SECRET_KEY_BASE: [A-Za-z0-9+/]{64}/); // referenced, never written in

    const back = await dockerSwitch(repo, 'bun');
    expect(back.exitCode, back.stdout + back.stderr).toBe(0);
    expect(read(repo, 'docker-compose.yml')).toBe(original);
    expect(read(repo, 'apps/frontend/Dockerfile')).toBe(readFileSync(join(FIXTURES, 'ecredit/apps/frontend/Dockerfile'), 'utf8'));
  });

  it('never shows a secret: every output, log and report of the run is free of them', async () => {
    const repo = await dockerMonorepo(database().url);
    const result = await dockerSwitch(repo, 'elixir');
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    const env = parse(read(repo, '.env.docker').replace(/=/g, ': ')) as Record<string, string>;
    const secrets = [env.SECRET_KEY_BASE, env.JWT_SECRET, env.POSTGRES_PASSWORD].filter(Boolean) as string[];
    expect(secrets.length).toBe(3);
    const report = await runBin(['report', '--cwd', repo.root, '--format', 'json']);
    const state = join(repo.root, '.backend-switch');
    const files = ['reports', 'logs'].filter((dir) => existsSync(join(state, dir))).flatMap((dir) => readdirSync(join(state, dir)).map((f) => readFileSync(join(state, dir, f), 'utf8')));
    expect(files.length).toBeGreaterThanOrEqual(2); // the report, as Markdown and JSON
    for (const text of [result.stdout, result.stderr, report.stdout, ...files]) {
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
  });

  it('rollback restores every file byte for byte; after a hand edit it refuses without --yes', async () => {
    const repo = await dockerMonorepo(database().url);
    const files = ['docker-compose.yml', '.env.docker', 'apps/frontend/Dockerfile'];
    const originals = files.map((f) => read(repo, f));
    expect((await dockerSwitch(repo, 'elixir')).exitCode).toBe(0);
    const rolled = await runBin(['rollback', '--cwd', repo.root]);
    expect(rolled.exitCode, rolled.stderr).toBe(0);
    expect(files.map((f) => read(repo, f))).toEqual(originals);

    expect((await dockerSwitch(repo, 'elixir')).exitCode).toBe(0);
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
