import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jwt } from '../../source/checks/jwt.js';
import { contextFor, neverAborted } from '../helpers/context.js';
import { editEnv } from '../helpers/env-files.js';
import { copyFixture } from '../helpers/fixture.js';

describe('jwt check', () => {
  it('is ok when JWT_SECRET matches in both backends and .env.docker, showing only a fingerprint', async () => {
    const verdict = await jwt.run(contextFor(copyFixture()), neverAborted());
    expect(verdict.status).toBe('ok');
    expect(verdict.detail).toMatch(/sha256:[0-9a-f]{12}/);
    expect(verdict.detail).toContain('3 places');
  });

  it('fails when the backends disagree, and never prints either secret', async () => {
    const root = copyFixture();
    editEnv(root, 'apps/backend-ex/.env', { JWT_SECRET: 'another-secret-value-1234567890' });
    const verdict = await jwt.run(contextFor(root, { backend: 'elixir' }), neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.detail).toContain('differs');
    // Nothing runs on the API port here: the one .env.docker holds is kept (the tokens issued with it stay valid).
    expect(verdict.fix).toContain('Keep the JWT_SECRET of .env.docker');
    expect(verdict.fix).toContain('it is the one in .env.docker');
    const shown = JSON.stringify(verdict);
    expect(shown).not.toContain('another-secret-value');
    expect(shown).not.toContain('k7Qe9vLm2Xp4');
  });

  it('fails when a backend has no JWT_SECRET', async () => {
    const root = copyFixture();
    editEnv(root, 'apps/backend/.env', { JWT_SECRET: undefined });
    const verdict = await jwt.run(contextFor(root), neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.detail).toContain('apps/backend/.env');
  });

  it('warns when only .env.docker lacks it, and ignores a missing .env.docker', async () => {
    const root = copyFixture();
    editEnv(root, '.env.docker', { JWT_SECRET: undefined });
    const verdict = await jwt.run(contextFor(root), neverAborted());
    expect(verdict.status).toBe('warn');
    expect(verdict.detail).toContain('.env.docker');
    rmSync(join(root, '.env.docker'));
    expect((await jwt.run(contextFor(root), neverAborted())).status).toBe('ok');
  });
});
