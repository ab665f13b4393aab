import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'dotenv';
import { describe, expect, it } from 'vitest';
import { runBin } from '../helpers/bin.js';
import { editEnv } from '../helpers/env-files.js';
import { switchableMonorepo } from '../helpers/monorepo.js';
import { freshDatabasePerTest, REAL_POSTGRES } from '../helpers/postgres.js';
import { processOnPort } from '../helpers/processes.js';
import { createSchemaMigrations } from '../helpers/schemas.js';
import { closedPort, httpServer } from '../helpers/servers.js';
import { renderTroubleshoot } from '../helpers/troubleshoot.js';

const database = freshDatabasePerTest();

const read = (root: string, file: string) => readFileSync(join(root, file), 'utf8');

describe('one-key fixes on the troubleshoot screen', () => {
  it('f sets FRONTEND_URL in the target .env, CORS turns ok, and rollback undoes it', async () => {
    const repo = await switchableMonorepo(database().url);
    editEnv(repo.root, 'apps/backend-ex/.env', { FRONTEND_URL: 'http://localhost:4000' });
    const original = read(repo.root, 'apps/backend-ex/.env');
    // A backend that reads FRONTEND_URL from its .env on each request (as one that reloads would).
    const api = await httpServer((_req, res) => {
      const origin = parse(read(repo.root, 'apps/backend-ex/.env')).FRONTEND_URL!;
      res.writeHead(204, { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', 'access-control-allow-headers': 'authorization,content-type' }).end();
    });
    const ts = await renderTroubleshoot(repo.root, { apiUrl: api.url, backend: 'elixir' });
    await ts.waitFor((f) => f.includes('✖ CORS') && f.includes('[f] Set FRONTEND_URL=http://localhost:5173 in apps/backend-ex/.env'), 'the CORS failure and its fix');
    ts.press('f');
    await ts.waitFor((f) => f.includes('+FRONTEND_URL=http://localhost:5173') && f.includes('Apply it?'), 'the diff, before writing');
    expect(read(repo.root, 'apps/backend-ex/.env')).toBe(original);
    ts.press('y');
    const fixed = await ts.waitFor((f) => f.includes('✔ CORS'), 'CORS ok');
    expect(parse(read(repo.root, 'apps/backend-ex/.env')).FRONTEND_URL).toBe('http://localhost:5173');
    // What it did, printed once above the live screen (Ink's <Static>): it stays in the scrollback.
    const above = fixed.slice(0, fixed.indexOf('Troubleshoot (guide §6)')).replace(/\s+/g, ' ');
    expect(above).toBe('[f] Set FRONTEND_URL=http://localhost:5173 in apps/backend-ex/.env (then restart the backend): FRONTEND_URL written to apps/backend-ex/.env; restart the backend if it does not reload its .env. ');
    ts.stop();
    const rollback = await runBin(['rollback', '--cwd', repo.root]);
    expect(rollback.exitCode, rollback.stderr).toBe(0);
    expect(read(repo.root, 'apps/backend-ex/.env')).toBe(original);
  });

  it('j keeps the JWT_SECRET of .env.docker when no backend runs, copies it to the odd one (shown masked), the JWT panel turns ok, and rollback undoes it', async () => {
    const repo = await switchableMonorepo(database().url);
    editEnv(repo.root, 'apps/backend/.env', { JWT_SECRET: 'a-different-secret-for-bun-123456' });
    const original = read(repo.root, 'apps/backend/.env');
    const ts = await renderTroubleshoot(repo.root, { apiUrl: `http://127.0.0.1:${await closedPort()}`, backend: 'elixir' });
    await ts.waitFor((f) => f.includes('✖ JWT secret') && f.includes('[j] Keep the JWT_SECRET of .env.docker'), 'the JWT failure and its fix');
    ts.press('j');
    const shown = await ts.waitFor((f) => f.includes('Apply it?'), 'the masked diff');
    expect(shown).not.toContain('a-different-secret-for-bun');
    expect(shown).not.toContain('k7Qe9vLm2Xp4');
    ts.press('y');
    await ts.waitFor((f) => f.includes('✔ JWT secret'), 'JWT ok');
    ts.stop();
    expect((await runBin(['rollback', '--cwd', repo.root])).exitCode).toBe(0);
    expect(read(repo.root, 'apps/backend/.env')).toBe(original);
  });

  it('m runs the pending migrations and the database panel says all are applied', async () => {
    const repo = await switchableMonorepo(database().url);
    await createSchemaMigrations(database(), ['20240101120000']);
    const ts = await renderTroubleshoot(repo.root, { apiUrl: `http://127.0.0.1:${await closedPort()}`, backend: 'elixir' });
    await ts.waitFor((f) => f.includes('2 pending') && f.includes('[m] Run the 2 pending migrations'), 'pending migrations and their fix');
    ts.press('m');
    await ts.waitFor((f) => f.includes('elixir migrate') && f.includes('Apply it?'), 'the command, before running it');
    ts.press('y');
    // All well, the database panel folds to its one line; opened (↓ to it, Enter) it shows the migrations.
    // (The live screen: above it, Ink's <Static> keeps the line saying what the fix did.)
    const live = (f: string) => f.slice(f.indexOf('Troubleshoot (guide §6)'));
    await ts.waitFor((f) => live(f).includes('✔ PostgreSQL') && !live(f).includes('2 pending') && !live(f).includes('[m]'), 'the database panel all well');
    ts.press('\u001B[B');
    ts.press('\r');
    await ts.waitFor((f) => f.includes('all 3 ecto migrations are applied'), 'migrations applied, in the opened panel');
    ts.stop();
  });

  // PGlite accepts any database name, so "missing database" needs the real server (PROBES.md).
  it.skipIf(!REAL_POSTGRES)('c creates the missing database and the PostgreSQL panel turns ok', async () => {
    const missing = new URL(database().url);
    missing.pathname = `/${missing.pathname.slice(1)}_new`;
    const repo = await switchableMonorepo(missing.toString());
    try {
      const ts = await renderTroubleshoot(repo.root, { apiUrl: `http://127.0.0.1:${await closedPort()}`, backend: 'elixir' });
      await ts.waitFor((f) => f.includes('does not exist') && f.includes('[c] Create the missing database'), 'the missing database and its fix');
      ts.press('c');
      await ts.waitFor((f) => f.includes('Apply it?'), 'the confirmation');
      ts.press('y');
      await ts.waitFor((f) => f.includes('✔ PostgreSQL'), 'the database created');
      ts.stop();
    } finally {
      await database().query(`DROP DATABASE IF EXISTS ${missing.pathname.slice(1)} WITH (FORCE)`).catch(() => {});
    }
  });

  it('k stops the process holding the API port after y, and the port is free', async () => {
    const repo = await switchableMonorepo(database().url);
    const held = await processOnPort('beam.smp');
    const ts = await renderTroubleshoot(repo.root, { apiUrl: `http://127.0.0.1:${held.port}`, backend: 'bun' });
    await ts.waitFor((f) => f.includes('✖ Ports') && f.includes(`[k] Stop pid ${held.pid}`), 'the port failure and its fix');
    ts.press('k');
    await ts.waitFor((f) => f.includes(`kill ${held.pid}`) && f.includes('Apply it?'), 'the command');
    ts.press('y');
    await ts.waitFor((f) => f.includes(`nothing listens on port ${held.port}`), 'the port free');
    expect(() => process.kill(held.pid, 0)).toThrow();
    ts.stop();
  });
});

