import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { appendFileSync } from 'node:fs';
import { findPortOwners } from '../../source/probes/port-owner.js';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBin } from '../helpers/bin.js';
import { dockerMonorepo, runningBackend, switchableMonorepo, type Monorepo } from '../helpers/monorepo.js';
import { createTestDatabase, freshDatabasePerTest, REAL_POSTGRES } from '../helpers/postgres.js';
import { editEnv } from '../helpers/env-files.js';
import { closedPort } from '../helpers/servers.js';

const database = freshDatabasePerTest();

interface Verdict {
  id: string;
  status: string;
  fix?: string;
}

async function check(repo: Monorepo, id: string, backend: string, extra: string[] = [], env: Record<string, string> = {}): Promise<Verdict> {
  const result = await runBin(['doctor', '--only', id, '--backend', backend, '--json', '--cwd', repo.root, ...extra], { env });
  return (JSON.parse(result.stdout) as { checks: Verdict[] }).checks[0]!;
}

/** The command a fix text gives after its colon ("Apply them: cd apps/… && …"), as a person would copy it. */
function commandIn(fix: string | undefined, prefix: string): string {
  expect(fix).toContain(prefix);
  return fix!.slice(fix!.indexOf(prefix) + prefix.length).trim();
}

/**
 * Pasted into a fresh shell at the monorepo root. Not spawnSync: on a bare machine the PGlite
 * the command talks to runs in this very process, and must go on answering meanwhile.
 */
async function paste(repo: Monorepo, command: string, env: Record<string, string> = {}): Promise<{ status: number | null; output: string }> {
  const child = spawn('bash', ['-c', command], { cwd: repo.root, env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/root', ...env } });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk));
  const [status] = (await once(child, 'close')) as [number | null];
  return { status, output };
}

describe('fix texts a person can paste: each runs as written from the monorepo root and turns its check green', () => {
  it.each(['elixir', 'bun'] as const)('pending migrations of %s: "Apply them: …" (the .env exported where the tool does not read it)', async (backend) => {
    const repo = await switchableMonorepo(database().url);
    const before = await check(repo, 'migrations', backend);
    expect(before.status).toBe('warn');
    const command = commandIn(before.fix, 'Apply them: ');
    if (backend === 'elixir') expect(command).toMatch(/^cd apps\/backend-ex && set -a && \. \.\/\.env && set \+a && /);
    const pasted = await paste(repo, command);
    expect(pasted.status, pasted.output).toBe(0);
    expect((await check(repo, 'migrations', backend)).status).toBe('ok');
  });

  it('pending migrations in Docker mode: "Apply them: <compose> run --rm <service> …"', async () => {
    const repo = await dockerMonorepo(database().url);
    const before = await check(repo, 'migrations', 'bun', ['--mode', 'docker'], repo.env);
    const command = commandIn(before.fix, 'Apply them: ');
    expect(command).toMatch(/--env-file \.env\.docker run --rm backend /);
    const pasted = await paste(repo, command);
    expect(pasted.status, pasted.output).toBe(0);
    expect((await check(repo, 'migrations', 'bun', ['--mode', 'docker'], repo.env)).status).toBe('ok');
  });

  it('PostgreSQL stopped, with database.start configured: "Start PostgreSQL: …" starts it', async () => {
    const repo = await switchableMonorepo(database().url);
    const port = await closedPort();
    const start = `${process.execPath} ${join(new URL('../../dist/standins/embedded-postgres-main.js', import.meta.url).pathname)} --port ${port} --detach`;
    appendFileSync(join(repo.root, 'backend-switch.yaml'), `database: { start: ${JSON.stringify(start)} }\n`);
    editEnv(repo.root, 'apps/backend/.env', { DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/ecredit?sslmode=disable` });
    const before = await check(repo, 'db', 'bun');
    expect(before.status).toBe('fail');
    const pasted = await paste(repo, commandIn(before.fix, 'Start PostgreSQL: '));
    try {
      expect(pasted.status, pasted.output).toBe(0);
      expect((await check(repo, 'db', 'bun', ['--timeout', '5000'])).status).toBe('ok');
    } finally {
      for (const owner of await findPortOwners([port])) if (owner.pid) process.kill(owner.pid, 'SIGKILL');
    }
  }, 60_000);

  it('the old backend on the API port: "kill <pid>" frees it', async () => {
    const repo = await switchableMonorepo(database().url);
    await runningBackend(repo, 'bun');
    const before = await check(repo, 'port', 'elixir');
    expect(before.status).toBe('fail');
    const command = /kill \d+/.exec(before.fix ?? '')![0];
    const pasted = await paste(repo, command);
    expect(pasted.status, pasted.output).toBe(0);
    const after = await waitFor(() => check(repo, 'port', 'elixir'), (v) => v.status !== 'fail');
    expect(after.status).toBe('warn'); // free: start the backend, says its fix
  });

  it('the backend not running: "Start the backend: …" starts it and /health answers', async () => {
    const repo = await switchableMonorepo(database().url);
    const before = await check(repo, 'health', 'elixir');
    expect(before.status).toBe('fail');
    const command = commandIn(before.fix, 'Start the backend: ');
    expect(command).toMatch(/^cd apps\/backend-ex && set -a && \. \.\/\.env && set \+a && /);
    const server = spawn('bash', ['-c', command], { cwd: repo.root, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
    try {
      await once(server.stdout!, 'data');
      expect((await check(repo, 'health', 'elixir')).status).toBe('ok');
    } finally {
      process.kill(-server.pid!, 'SIGKILL');
    }
  });

  it.skipIf(!REAL_POSTGRES).each(['bun', 'elixir'] as const)('a missing database for %s: "Create it: …" creates it (PGlite has one database: the real server only)', async (backend) => {
    const repo = await switchableMonorepo(database().url);
    const missing = await createTestDatabase();
    await missing.drop();
    const file = backend === 'bun' ? 'apps/backend/.env' : 'apps/backend-ex/.env';
    const scheme = backend === 'bun' ? 'postgres' : 'ecto';
    editEnv(repo.root, file, { DATABASE_URL: missing.url.replace(/^postgres/, scheme) });
    const before = await check(repo, 'db', backend);
    expect(before.status).toBe('fail');
    const pasted = await paste(repo, commandIn(before.fix, 'Create it: '));
    try {
      expect(pasted.status, pasted.output).toBe(0);
      expect((await check(repo, 'db', backend)).status).toBe('ok');
    } finally {
      await missing.drop().catch(() => {});
    }
  });
});

async function waitFor<T>(probe: () => Promise<T>, done: (value: T) => boolean, tries = 50): Promise<T> {
  let value = await probe();
  for (let i = 0; i < tries && !done(value); i += 1) value = await probe();
  return value;
}
