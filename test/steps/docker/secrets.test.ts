import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'dotenv';
import { describe, expect, it } from 'vitest';
import { secrets } from '../../../source/steps/docker/secrets.js';
import { fingerprint } from '../../../source/util/secrets.js';
import { editEnv } from '../../helpers/env-files.js';
import { copyFixture } from '../../helpers/fixture.js';
import { applyStep, stepContext } from '../../helpers/steps.js';

// Guide §3 paso 2: the secrets the target's compose service reads, in .env.docker (0600).
// The fixture's .env.docker has POSTGRES_PASSWORD and JWT_SECRET, no SECRET_KEY_BASE; its
// backends' .env files share one JWT_SECRET.
const ENV_DOCKER = '.env.docker';
const JWT = 'k7Qe9vLm2Xp4Rt8Wz1Yb6Nc3Hd5Fg0Js-ecredit-dev-jwt';

const envDocker = (root: string) => parse(readFileSync(join(root, ENV_DOCKER), 'utf8'));
const docker = (root: string, to: 'bun' | 'elixir') => stepContext(root, { to, mode: 'docker' });
const withLiteralPassword = (root: string) => {
  const path = join(root, 'docker-compose.yml');
  writeFileSync(path, readFileSync(path, 'utf8').replace('postgres://postgres:${POSTGRES_PASSWORD}@db', 'postgres://postgres:hunter2@db'));
};

describe('secrets step (guide §3 paso 2)', () => {
  describe('preview', () => {
    it('todo: switching to Elixir with no SECRET_KEY_BASE, it plans one (shown by fingerprint only) and asks to write it', async () => {
      const root = copyFixture();
      const preview = await secrets.preview(docker(root, 'elixir'));
      expect(preview.state).toBe('todo');
      const generated = parse(preview.changes[0]!.after!).SECRET_KEY_BASE!;
      expect(generated).toMatch(/^[A-Za-z0-9+/]{64}$/);
      expect(preview.lines).toEqual([`SECRET_KEY_BASE generated as mix phx.gen.secret does (${fingerprint(generated)}).`]);
      expect(preview.changes[0]).toMatchObject({ path: join(root, ENV_DOCKER), secret: true });
      expect(JSON.stringify(preview.changes[0]!.diff)).not.toContain(generated); // the diff a screen shows is masked
      expect(JSON.stringify(preview.changes[0]!.diff)).not.toContain(JWT);
      expect(preview.questions).toEqual([expect.objectContaining({ id: 'write', prompt: 'Write the secrets to .env.docker (mode 0600)?', default: 'yes', required: true })]);
    });

    it('todo: given .env.docker has no JWT_SECRET, the backends\' own is kept, so the tokens people hold stay valid', async () => {
      const root = copyFixture();
      editEnv(root, ENV_DOCKER, { JWT_SECRET: undefined });
      const preview = await secrets.preview(docker(root, 'bun'));
      expect(preview.state).toBe('todo');
      expect(preview.lines).toEqual([`JWT_SECRET kept from the backends (${fingerprint(JWT)}), so existing tokens stay valid.`]);
      expect(parse(preview.changes[0]!.after!).JWT_SECRET).toBe(JWT);
    });

    it('todo: given no backend has a JWT_SECRET either, one is generated', async () => {
      const root = copyFixture();
      editEnv(root, ENV_DOCKER, { JWT_SECRET: undefined });
      editEnv(root, 'apps/backend/.env', { JWT_SECRET: undefined });
      editEnv(root, 'apps/backend-ex/.env', { JWT_SECRET: undefined });
      const preview = await secrets.preview(docker(root, 'bun'));
      const generated = parse(preview.changes[0]!.after!).JWT_SECRET!;
      expect(generated.length).toBeGreaterThanOrEqual(32);
      expect(preview.lines).toEqual([`JWT_SECRET generated (${fingerprint(generated)}): no backend had one.`]);
    });

    it('todo: given a literal password in the compose DATABASE_URL, it asks (default no, never --yes) to move it to a variable', async () => {
      const root = copyFixture();
      withLiteralPassword(root);
      const ctx = docker(root, 'elixir');
      const preview = await secrets.preview(ctx);
      const question = preview.questions.find((q) => q.id === 'movePassword')!;
      expect(question).toMatchObject({
        prompt: 'The compose DATABASE_URL has a literal password: move it to DATABASE_PASSWORD in .env.docker?', // POSTGRES_PASSWORD holds another value
        default: 'no',
        required: false,
        yesAnswers: false,
      });
      const moving = await secrets.preview(ctx, { movePassword: 'yes' });
      expect(moving.lines).toContain('the database password moved to DATABASE_PASSWORD.');
      expect(parse(moving.changes[0]!.after!).DATABASE_PASSWORD).toBe('hunter2');
    });

    it('up to date: switching to Bun, .env.docker already holds JWT_SECRET and Bun needs nothing else', async () => {
      const preview = await secrets.preview(docker(copyFixture(), 'bun'));
      expect(preview).toMatchObject({ state: 'up-to-date', lines: ['.env.docker already holds every secret the target needs.'], changes: [] });
    });
  });

  describe('apply', () => {
    it('done: writes .env.docker 0600 through the journal, the generated value the one previewed, the others kept', async () => {
      const root = copyFixture();
      const before = envDocker(root);
      const ctx = docker(root, 'elixir');
      const preview = await secrets.preview(ctx);
      const outcome = await applyStep(secrets, ctx, { write: 'yes' });
      expect(outcome).toMatchObject({ status: 'done', files: [ENV_DOCKER] });
      const after = envDocker(root);
      expect(after.SECRET_KEY_BASE).toBe(parse(preview.changes[0]!.after!).SECRET_KEY_BASE);
      expect(outcome.detail).toBe(`SECRET_KEY_BASE generated as mix phx.gen.secret does (${fingerprint(after.SECRET_KEY_BASE!)}).`);
      expect(after).toMatchObject({ POSTGRES_PASSWORD: before.POSTGRES_PASSWORD, JWT_SECRET: before.JWT_SECRET });
      expect(statSync(join(root, ENV_DOCKER)).mode & 0o777).toBe(0o600);
      expect(ctx.journal.entries.map((e) => e.path)).toEqual([ENV_DOCKER]);
      expect(outcome.said).not.toContain(after.SECRET_KEY_BASE);
    });

    it('done: with "yes" to moving the literal password, it lands in .env.docker', async () => {
      const root = copyFixture();
      withLiteralPassword(root);
      await applyStep(secrets, docker(root, 'elixir'), { write: 'yes', movePassword: 'yes' });
      expect(envDocker(root).DATABASE_PASSWORD).toBe('hunter2');
    });

    it('unchanged: given .env.docker already holds every secret the target needs', async () => {
      const root = copyFixture();
      const outcome = await applyStep(secrets, docker(root, 'bun'), { write: 'yes' });
      expect(outcome).toMatchObject({ status: 'unchanged', detail: '.env.docker already holds every secret the target needs.', files: [] });
    });

    it('failed: answered "no", nothing is written and the new service would lack them', async () => {
      const root = copyFixture();
      const before = readFileSync(join(root, ENV_DOCKER), 'utf8');
      const outcome = await applyStep(secrets, docker(root, 'elixir'), { write: 'no' });
      expect(outcome).toMatchObject({ status: 'failed', detail: 'the secrets were not written, and the new service needs them.' });
      expect(outcome.fix).toContain('mix phx.gen.secret');
      expect(readFileSync(join(root, ENV_DOCKER), 'utf8')).toBe(before);
    });
  });
});
