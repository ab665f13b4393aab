import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compose } from '../../source/checks/compose.js';
import { contextFor, neverAborted } from '../helpers/context.js';
import { editEnv } from '../helpers/env-files.js';
import { copyFixture } from '../helpers/fixture.js';

function editCompose(root: string, edit: (text: string) => string): void {
  const path = join(root, 'docker-compose.yml');
  writeFileSync(path, edit(readFileSync(path, 'utf8')));
}

const ELIXIR_SERVICE = `
  backend-ex:
    build:
      context: ./apps/backend-ex
      dockerfile: Dockerfile
    ports:
      - "3000:3000"
    environment:
      MIX_ENV: prod
      DATABASE_URL: ecto://postgres:\${POSTGRES_PASSWORD}@db:5432/ecredit
      JWT_SECRET: \${JWT_SECRET}
      SECRET_KEY_BASE: \${SECRET_KEY_BASE}
    depends_on:
      - db
`;

describe('compose check', () => {
  it('skips in development mode', async () => {
    expect((await compose.run(contextFor(copyFixture()), neverAborted())).status).toBe('skip');
  });

  it('is ok when the compose file runs the target backend alone, set up as guide §3 says', async () => {
    const verdict = await compose.run(contextFor(copyFixture(), { backend: 'bun', mode: 'docker' }), neverAborted());
    expect(verdict.status).toBe('ok');
    expect(verdict.detail).toContain('runs backend alone');
  });

  it('fails when the compose file still runs the other backend', async () => {
    const verdict = await compose.run(contextFor(copyFixture(), { backend: 'elixir', mode: 'docker' }), neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.detail).toContain('runs backend, the bun backend');
    expect(verdict.fix).toContain('backend-switch switch --to elixir --mode docker');
  });

  it('fails when both backends run', async () => {
    const root = copyFixture();
    editCompose(root, (text) => text.replace('\n  frontend:', `${ELIXIR_SERVICE}\n  frontend:`));
    editEnv(root, '.env.docker', { SECRET_KEY_BASE: 'x'.repeat(64) });
    const verdict = await compose.run(contextFor(root, { backend: 'elixir', mode: 'docker' }), neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.detail).toContain('runs both backends');
  });

  it('does not count a backend service behind a profile as running', async () => {
    const root = copyFixture();
    editCompose(root, (text) => text.replace('\n  frontend:', `${ELIXIR_SERVICE}\n  frontend:`).replace('  backend:\n', '  backend:\n    profiles: ["bun"]\n'));
    editEnv(root, '.env.docker', { SECRET_KEY_BASE: 'x'.repeat(64) });
    const verdict = await compose.run(contextFor(root, { backend: 'elixir', mode: 'docker' }), neverAborted());
    expect(verdict.status).toBe('ok');
  });

  it('fails a target service missing environment, depends_on, or a variable .env.docker lacks', async () => {
    const root = copyFixture();
    editCompose(root, (text) => text.replace('      REDIS_URL: redis://redis:6379\n', '').replace('      - redis\n', ''));
    editEnv(root, '.env.docker', { JWT_SECRET: undefined });
    const verdict = await compose.run(contextFor(root, { backend: 'bun', mode: 'docker' }), neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.data).toMatchObject({ missingEnv: ['REDIS_URL'], missingDeps: ['redis'], undefinedVars: ['JWT_SECRET'] });
    expect(verdict.fix).toContain('Define JWT_SECRET in .env.docker');
  });

  it('warns when a secret is written into the compose file, without showing it', async () => {
    const root = copyFixture();
    editCompose(root, (text) => text.replace('JWT_SECRET: ${JWT_SECRET}', 'JWT_SECRET: literal-secret-in-compose'));
    const verdict = await compose.run(contextFor(root, { backend: 'bun', mode: 'docker' }), neverAborted());
    expect(verdict.status).toBe('warn');
    expect(verdict.fix).toContain('.env.docker');
    expect(JSON.stringify(verdict)).not.toContain('literal-secret-in-compose');
  });

  it('finds a backend service by its build context under another name', async () => {
    const root = copyFixture();
    editCompose(root, (text) => text.replace('  backend:\n', '  api:\n').replace('      - backend\n', '      - api\n'));
    const verdict = await compose.run(contextFor(root, { backend: 'bun', mode: 'docker' }), neverAborted());
    expect(verdict.status).toBe('ok');
    expect(verdict.detail).toContain('runs api alone');
  });

  it('fails in Docker mode without a compose file', async () => {
    const root = copyFixture();
    rmSync(join(root, 'docker-compose.yml'));
    const verdict = await compose.run(contextFor(root, { mode: 'docker' }), neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.detail).toContain('docker-compose.yml, docker-compose.yaml, compose.yaml, compose.yml');
  });
});
