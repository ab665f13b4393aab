import { appendFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { env } from '../../source/checks/env.js';
import { contextFor, neverAborted } from '../helpers/context.js';
import { editEnv } from '../helpers/env-files.js';
import { copyFixture } from '../helpers/fixture.js';

describe('env check', () => {
  it('is ok for each backend when guide §7 variables are present and well-formed', async () => {
    const root = copyFixture();
    expect((await env.run(contextFor(root, { backend: 'bun' }), neverAborted())).status).toBe('ok');
    expect((await env.run(contextFor(root, { backend: 'elixir' }), neverAborted())).status).toBe('ok');
  });

  it('fails an ecto:// DATABASE_URL for Bun and gives the postgres:// line, password hidden', async () => {
    const root = copyFixture();
    editEnv(root, 'apps/backend/.env', { DATABASE_URL: 'ecto://postgres:s3cretpw@localhost:5432/ecredit' });
    const verdict = await env.run(contextFor(root, { backend: 'bun' }), neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.detail).toContain('ecto://');
    expect(verdict.fix).toContain('DATABASE_URL=postgres://postgres:***@localhost:5432/ecredit');
    expect(JSON.stringify(verdict)).not.toContain('s3cretpw');
  });

  it('accepts ecto:// for Elixir', async () => {
    const root = copyFixture();
    const verdict = await env.run(contextFor(root, { backend: 'elixir' }), neverAborted());
    expect(verdict.status).toBe('ok');
  });

  it('fails a SECRET_KEY_BASE shorter than 64 characters and says how to generate one', async () => {
    const root = copyFixture();
    editEnv(root, 'apps/backend-ex/.env', { SECRET_KEY_BASE: 'short' });
    const verdict = await env.run(contextFor(root, { backend: 'elixir' }), neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.detail).toContain('5 characters');
    expect(verdict.fix).toContain('mix phx.gen.secret');
    expect(JSON.stringify(verdict)).not.toContain('=short');
  });

  it('warns (not fails) on a FRONTEND_URL with a trailing slash, many apps trim it, and gives the bare origin', async () => {
    const root = copyFixture();
    editEnv(root, 'apps/backend/.env', { FRONTEND_URL: 'http://localhost:5173/' });
    const verdict = await env.run(contextFor(root), neverAborted());
    expect(verdict.status).toBe('warn');
    expect(verdict.detail).toContain('trailing slash');
    expect(verdict.fix).toContain('FRONTEND_URL=http://localhost:5173');
  });

  it('warns on a key set twice, naming both lines (the last one wins, silently)', async () => {
    const root = copyFixture();
    appendFileSync(join(root, 'apps/backend-ex/.env'), 'JWT_SECRET=another-one-set-later\n');
    const verdict = await env.run(contextFor(root, { backend: 'elixir' }), neverAborted());
    expect(verdict.status).toBe('warn');
    expect(verdict.detail).toMatch(/JWT_SECRET is set twice \(lines 4 and \d+\)/);
    expect(JSON.stringify(verdict)).not.toContain('another-one-set-later');
  });

  it.each([['a zero-width space', '\u200B'], ['a NUL byte', '\u0000'], ['a BOM inside the file', '\uFEFF']])('fails on %s in a value, naming its code and line, never printing it', async (_what, char) => {
    const root = copyFixture();
    editEnv(root, 'apps/backend/.env', { FRONTEND_URL: `http://localhost:5173${char}` });
    const verdict = await env.run(contextFor(root), neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.detail).toContain(`U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
    expect(JSON.stringify(verdict)).not.toContain(char);
  });

  it('fails a missing REDIS_URL for Bun', async () => {
    const root = copyFixture();
    editEnv(root, 'apps/backend/.env', { REDIS_URL: undefined });
    const verdict = await env.run(contextFor(root), neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.detail).toContain('REDIS_URL is missing');
    expect(verdict.fix).toContain('REDIS_URL=redis://localhost:6379');
  });

  it('fails when the env file does not exist', async () => {
    const root = copyFixture();
    rmSync(join(root, 'apps/backend-ex/.env'));
    const verdict = await env.run(contextFor(root, { backend: 'elixir' }), neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.detail).toContain('apps/backend-ex/.env does not exist');
  });

  it('in Docker mode judges the compose service environment, interpolated from .env.docker', async () => {
    const root = copyFixture();
    const verdict = await env.run(contextFor(root, { backend: 'bun', mode: 'docker' }), neverAborted());
    expect(verdict.status).toBe('ok');
    expect(verdict.detail).toContain('docker-compose.yml (backend)');
    editEnv(root, '.env.docker', { JWT_SECRET: undefined });
    const broken = await env.run(contextFor(root, { backend: 'bun', mode: 'docker' }), neverAborted());
    expect(broken.status).toBe('fail');
    expect(broken.detail).toContain('JWT_SECRET is missing');
  });
});
