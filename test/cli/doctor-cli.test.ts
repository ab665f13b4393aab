import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECK_IDS } from '../../source/core/check.js';
import { runBin } from '../helpers/bin.js';
import { editEnv } from '../helpers/env-files.js';
import { copyFixture } from '../helpers/fixture.js';
import { closedPort, stalledServer } from '../helpers/servers.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

describe('backend-switch (the built bin)', () => {
  it('prints its version and exits 0', async () => {
    const result = await runBin(['--version']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(pkg.version);
  });

  it('prints help in English and, with --lang es, in Spanish', async () => {
    const en = await runBin(['--help']);
    expect(en.exitCode).toBe(0);
    expect(en.stdout).toContain('Usage: backend-switch');
    const es = await runBin(['doctor', '--help', '--lang', 'es']);
    expect(es.stdout).toContain('Uso: backend-switch');
    expect(es.stdout).toContain('corre los checks en paralelo');
  });

  it('takes the language from LANG', async () => {
    const result = await runBin(['--help'], { env: { LANG: 'es_MX.UTF-8' } });
    expect(result.stdout).toContain('Uso: backend-switch');
  });

  it('exits 2 on an unknown flag, with the fix', async () => {
    const result = await runBin(['doctor', '--bogus']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('Unknown flag --bogus for backend-switch doctor.');
    expect(result.stderr).toContain('backend-switch doctor --help');
  });

  it('exits 2 on a bad flag value', async () => {
    const result = await runBin(['doctor', '--cwd', copyFixture(), '--backend', 'deno']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('--backend must be "bun" or "elixir"');
  });

  it('exits 2 with --cwd on a folder that is not the monorepo', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bs-empty-'));
    const result = await runBin(['doctor', '--cwd', dir]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`${dir} is not inside the eCredit monorepo`);
    expect(result.stdout).toBe('');
  });

  it('says it in Spanish with --lang es (or LANG=es_*): file, line and fix', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bs-empty-'));
    const lost = await runBin(['doctor', '--cwd', dir, '--lang', 'es']);
    expect(lost.exitCode).toBe(2);
    expect(lost.stderr).toContain(`${dir} no está dentro del monorepo eCredit`);
    expect(lost.stderr).toContain('Solución: Ejecuta backend-switch desde el monorepo');
    const root = copyFixture();
    appendFileSync(join(root, 'apps/backend/.env'), 'no es una asignación\n');
    const broken = await runBin(['doctor', '--cwd', root], { env: { LANG: 'es_MX.UTF-8' } });
    expect(broken.stderr).toContain('apps/backend/.env:9: esta línea no es una asignación CLAVE=valor');
  });

  it.each([
    ['backend-switch.yaml', (root: string) => writeFileSync(join(root, 'backend-switch.yaml'), 'ports:\n  api: 3000\n  apii: 1\n'), 'backend-switch.yaml:3'],
    ['the compose file', (root: string) => appendFileSync(join(root, 'docker-compose.yml'), '  broken: [\n'), 'docker-compose.yml:'],
    ['a .env', (root: string) => appendFileSync(join(root, 'apps/backend/.env'), 'not an assignment\n'), 'apps/backend/.env:9'],
  ])('exits 2 naming the file and line when %s is malformed', async (_what, breakIt, where) => {
    const root = copyFixture();
    breakIt(root);
    const result = await runBin(['doctor', '--cwd', root, '--json']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(where);
    expect(result.stderr).toMatch(/Fix: /);
    expect(result.stdout).toBe('');
  });

  it('doctor --json on a copy of fixtures/ecredit prints one JSON object with every check id; exit 1 exactly when one failed', async () => {
    // A copy: the fixture itself names localhost:5432/ecredit, which may be this machine's own database.
    const result = await runBin(['doctor', '--cwd', copyFixture(), '--json']);
    const report = JSON.parse(result.stdout) as { checks: { id: string; status: string }[]; summary: Record<string, number>; backend: string };
    expect(report.checks.map((c) => c.id)).toEqual([...CHECK_IDS]);
    expect(result.exitCode).toBe(report.summary.fail! > 0 ? 1 : 0);
    for (const check of report.checks) {
      if (check.status === 'fail' || check.status === 'warn') expect(check).toHaveProperty('fix');
    }
  });

  it('doctor exits 1 when a check fails and 0 when none does', async () => {
    const root = copyFixture();
    editEnv(root, 'apps/backend/.env', { DATABASE_URL: `postgres://postgres@127.0.0.1:${await closedPort()}/x` });
    const failing = await runBin(['doctor', '--cwd', root, '--backend', 'bun', '--json', '--only', 'db,layout']);
    expect(failing.exitCode).toBe(1);
    expect(JSON.parse(failing.stdout).checks.map((c: { id: string }) => c.id)).toEqual(['layout', 'db']);
    const passing = await runBin(['doctor', '--cwd', root, '--backend', 'bun', '--json', '--only', 'layout,env,jwt,frontend']);
    expect(passing.exitCode).toBe(0);
    expect(JSON.parse(passing.stdout).summary).toEqual({ ok: 4, warn: 0, fail: 0, skip: 0 });
  });

  it('doctor prints a line per check with the fix under a failure and the totals, in Spanish with --lang es', async () => {
    const root = copyFixture();
    editEnv(root, 'apps/backend/.env', { DATABASE_URL: `postgres://postgres@127.0.0.1:${await closedPort()}/x` });
    const noEngine = { env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' } };
    const en = await runBin(['doctor', '--cwd', root, '--backend', 'bun', '--only', 'db,jwt'], noEngine);
    expect(en.stdout).toMatch(/✔ JWT secret/);
    expect(en.stdout).toMatch(/✖ PostgreSQL\s+nothing accepts connections/);
    expect(en.stdout).toContain('→ Start PostgreSQL yourself: no Docker engine answers at /nonexistent/docker.sock');
    expect(en.stdout).toMatch(/1 ok · 0 warnings · 1 failure · 0 skipped — \d+ ms/);
    expect(en.stdout).not.toMatch(/\u001b\[/); // not a TTY: no colour codes
    const es = await runBin(['doctor', '--cwd', root, '--backend', 'bun', '--only', 'db,jwt', '--lang', 'es'], noEngine);
    expect(es.stdout).toContain('Secreto JWT');
    expect(es.stdout).toContain('Inicia PostgreSQL');
  });

  it('doctor with every probe stalled finishes within one timeout', async () => {
    const [api, pg, redis] = await Promise.all([stalledServer(), stalledServer(), stalledServer()]);
    const root = copyFixture();
    editEnv(root, 'apps/backend/.env', { DATABASE_URL: `postgres://postgres@127.0.0.1:${pg.port}/x`, REDIS_URL: `redis://127.0.0.1:${redis.port}` });
    const result = await runBin(['doctor', '--cwd', root, '--backend', 'bun', '--json', '--timeout', '1500', '--api-url', api.url]);
    const report = JSON.parse(result.stdout) as { durationMs: number; checks: { id: string; detail: string }[] };
    expect(report.checks.find((c) => c.id === 'health')!.detail).toContain('timed out after 1500 ms');
    expect(report.durationMs).toBeLessThan(1500 * 1.5);
    expect(result.exitCode).toBe(1);
  });

  it('exits 130 on Ctrl+C (SIGINT) during doctor', async () => {
    const api = await stalledServer();
    const child = runBin(['doctor', '--cwd', copyFixture(), '--backend', 'elixir', '--timeout', '10000', '--api-url', api.url]);
    await api.connected; // doctor is probing the API, and waiting on it
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode).toBe(130);
  });
});
