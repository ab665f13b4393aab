import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { composeFile } from '../../../source/steps/docker/compose-file.js';
import { editEnv } from '../../helpers/env-files.js';
import { copyFixture } from '../../helpers/fixture.js';
import { applyStep, stepContext } from '../../helpers/steps.js';

// Guide §3 paso 1: the other backend's service out, the target's in, on the yaml Document
// API. The fixture's compose file runs `backend` (Bun) beside db, redis and frontend.
const COMPOSE = 'docker-compose.yml';

const read = (root: string) => readFileSync(join(root, COMPOSE), 'utf8');
const docker = (root: string, to: 'bun' | 'elixir') => stepContext(root, { to, mode: 'docker' });
const comments = (text: string) => text.split('\n').filter((line) => line.trim().startsWith('#')).map((line) => line.trim());
const BUN_COMMENT = '# Bun backend (Socket.IO, pg-boss)';
const ELIXIR_COMMENT = '# Elixir/Phoenix backend (Phoenix Channels, Oban)';
/** The fixture's comments with the one describing the Bun service swapped for Elixir's. */
const withElixirComment = (original: string) => comments(original).map((line) => (line === BUN_COMMENT ? ELIXIR_COMMENT : line));
const services = (text: string) => parse(text).services as Record<string, { environment?: Record<string, string>; depends_on?: string[] | Record<string, unknown>; ports?: string[]; build?: unknown }>;

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
      SECRET_KEY_BASE: \${SECRET_KEY_BASE} # kept as written
    depends_on:
      - db
`;

describe('compose step (guide §3 paso 1)', () => {
  describe('preview', () => {
    it('todo: given the compose file runs the Bun service, switching to Elixir shows it replaced by one built as the guide shows, and asks', async () => {
      const root = copyFixture();
      const preview = await composeFile.preview(docker(root, 'elixir'));
      expect(preview.state).toBe('todo');
      expect(preview.lines).toEqual([`In ${COMPOSE}: replace backend with backend-ex (built as guide §3 shows).`]);
      expect(preview.questions).toEqual([expect.objectContaining({ id: 'write', prompt: `Write ${COMPOSE}?`, default: 'yes' })]);
      const after = services(preview.changes[0]!.after!);
      expect(Object.keys(after)).toEqual(['db', 'redis', 'backend-ex', 'frontend']);
      expect(read(root)).toBe(preview.changes[0]!.before); // nothing written yet
    });

    it('todo: after a switch away, switching back takes the stashed definition ("as it was")', async () => {
      const root = copyFixture();
      await applyStep(composeFile, docker(root, 'elixir'), { write: 'yes' });
      const back = await composeFile.preview(docker(root, 'bun'));
      expect(back.lines).toEqual([`In ${COMPOSE}: replace backend-ex with backend (its definition from the last switch, as it was).`]);
    });

    it('up to date: given the compose file already runs the target alone', async () => {
      const preview = await composeFile.preview(docker(copyFixture(), 'bun'));
      expect(preview).toMatchObject({ state: 'up-to-date', lines: [`${COMPOSE} already runs backend alone.`], changes: [], questions: [] });
    });

    it('blocked: given there is no compose file, it names the files it looked for', async () => {
      const root = copyFixture();
      rmSync(join(root, COMPOSE));
      const preview = await composeFile.preview(docker(root, 'elixir'));
      expect(preview.state).toBe('blocked');
      expect(preview.blocked).toEqual({ detail: 'no compose file found (looked for docker-compose.yml, docker-compose.yaml, compose.yaml, compose.yml).', fix: 'Set compose.file in backend-switch.yaml.' });
    });

    it('blocked: given docker-compose.override.yml also defines the service the swap takes out, it says compose would still start it, before any change', async () => {
      const root = copyFixture();
      writeFileSync(join(root, 'docker-compose.override.yml'), 'services:\n  backend:\n    ports:\n      - "9229:9229" # the debugger\n  frontend:\n    environment:\n      CHOKIDAR_USEPOLLING: "true"\n');
      const preview = await composeFile.preview(docker(root, 'elixir'));
      expect(preview.state).toBe('blocked');
      expect(preview.blocked!.detail).toBe('docker-compose.override.yml also defines backend: compose merges it into docker-compose.yml, so once the switch takes backend out of docker-compose.yml, compose would still try to start backend from the override\'s settings alone.');
      expect(preview.blocked!.fix).toContain('Move what docker-compose.override.yml sets for backend into docker-compose.yml');
      expect(read(root)).toBe(preview.changes[0]!.before);
    });

    it('blocked: given the old backend runs from a registry image under another name, the target would publish its port too: it names both and the setting that fixes it', async () => {
      const root = copyFixture();
      const text = read(root).replace('  backend:\n    build:\n      context: ./apps/backend\n      dockerfile: Dockerfile\n', '  api:\n    image: ghcr.io/acme/ecredit-api:1.4\n');
      expect(text).toContain('  api:\n    image: ghcr.io/acme/ecredit-api:1.4\n    ports:\n      - "3000:3000"');
      writeFileSync(join(root, COMPOSE), text);
      const preview = await composeFile.preview(docker(root, 'elixir'));
      expect(preview.state).toBe('blocked');
      expect(preview.blocked!.detail).toBe('after the swap, backend-ex, api would all publish port 3000 in docker-compose.yml: compose would start one and fail on the other, once the old stack is down.');
      expect(preview.blocked!.fix).toContain('backends.bun.service: api');
      writeFileSync(join(root, 'backend-switch.yaml'), 'backends: { bun: { service: api } }\n');
      const named = await composeFile.preview(docker(root, 'elixir'));
      expect(named.state).toBe('todo');
      expect(Object.keys(services(named.changes[0]!.after!))).toEqual(['db', 'redis', 'backend-ex', 'frontend']);
    });

    it('todo: given an override file that sets only other services (or the target), the swap goes on', async () => {
      const root = copyFixture();
      writeFileSync(join(root, 'docker-compose.override.yml'), 'services:\n  backend-ex:\n    ports:\n      - "4000:4000"\n  frontend:\n    environment:\n      CHOKIDAR_USEPOLLING: "true"\n');
      expect((await composeFile.preview(docker(root, 'elixir'))).state).toBe('todo');
    });
  });

  describe('apply', () => {
    it('done: one backend service with guide §3\'s environment, described by its own comment, every other comment kept, the removed service and its comment stashed (0600)', async () => {
      const root = copyFixture();
      const original = read(root);
      const ctx = docker(root, 'elixir');
      const outcome = await applyStep(composeFile, ctx, { write: 'yes' });
      expect(outcome).toMatchObject({ status: 'done', detail: `${COMPOSE} now runs backend-ex; the other services and every other comment kept.`, files: [COMPOSE] });

      const text = read(root);
      expect(parseDocument(text).errors).toEqual([]);
      expect(comments(original)).toContain(BUN_COMMENT);
      expect(comments(text)).toEqual(withElixirComment(original)); // the same comments, in order, but the one above the service
      expect(text).toContain(`:6379"\n\n  ${ELIXIR_COMMENT}\n  backend-ex:\n`);
      expect(text).not.toContain(BUN_COMMENT);
      const all = services(text);
      expect(Object.keys(all)).toEqual(['db', 'redis', 'backend-ex', 'frontend']);
      expect(all['backend-ex']).toEqual({
        build: { context: './apps/backend-ex', dockerfile: 'Dockerfile' },
        ports: ['3000:3000'], // the replaced service's
        environment: {
          DATABASE_URL: 'ecto://postgres:${POSTGRES_PASSWORD}@db:5432/ecredit', // its scheme converted for Ecto
          JWT_SECRET: '${JWT_SECRET}',
          MIX_ENV: 'prod',
          SECRET_KEY_BASE: '${SECRET_KEY_BASE}', // referenced, never written in
          FRONTEND_URL: 'http://localhost:5173',
        },
        depends_on: { db: { condition: 'service_healthy' } }, // the fixture's db has a healthcheck
      });
      expect(all.frontend!.depends_on).toEqual(['backend-ex']);

      const stash = join(root, '.backend-switch/compose/backend.yaml');
      expect(readFileSync(stash, 'utf8')).toContain('context: ./apps/backend');
      expect(statSync(stash).mode & 0o777).toBe(0o600);
      const stashedComment = join(root, '.backend-switch/compose/backend.comment');
      expect(readFileSync(stashedComment, 'utf8')).toBe(`${BUN_COMMENT}\n`);
      expect(statSync(stashedComment).mode & 0o777).toBe(0o600);
      expect(ctx.journal.entries.map((e) => e.path)).toEqual([COMPOSE]);
    });

    it('done, then back: switching to Bun again gives the original file byte for byte', async () => {
      const root = copyFixture();
      const original = read(root);
      await applyStep(composeFile, docker(root, 'elixir'), { write: 'yes' });
      expect(read(root)).not.toContain(BUN_COMMENT);
      const back = await applyStep(composeFile, docker(root, 'bun'), { write: 'yes' });
      expect(back.status).toBe('done');
      expect(read(root)).toBe(original); // the Bun comment back above its service
      expect(readFileSync(join(root, '.backend-switch/compose/backend-ex.comment'), 'utf8')).toBe(`${ELIXIR_COMMENT}\n`);
      // And there again: the stashed Elixir service comes back with its comment.
      await applyStep(composeFile, docker(root, 'elixir'), { write: 'yes' });
      expect(comments(read(root))).toEqual(withElixirComment(original));
    });

    it('done, then back with a stash from before comments were stashed: the stale comment is replaced by Bun\'s own', async () => {
      const root = copyFixture();
      const original = read(root);
      await applyStep(composeFile, docker(root, 'elixir'), { write: 'yes' });
      rmSync(join(root, '.backend-switch/compose/backend.comment'));
      writeFileSync(join(root, COMPOSE), read(root).replace(ELIXIR_COMMENT, BUN_COMMENT)); // what the older version left
      await applyStep(composeFile, docker(root, 'bun'), { write: 'yes' });
      expect(read(root)).toBe(original);
    });

    it('done: given no comment stood above the replaced service, none is added, and the way back gives the file byte for byte', async () => {
      const root = copyFixture();
      writeFileSync(join(root, COMPOSE), read(root).replace(`  ${BUN_COMMENT}\n`, ''));
      const original = read(root);
      await applyStep(composeFile, docker(root, 'elixir'), { write: 'yes' });
      expect(comments(read(root))).toEqual(comments(original));
      expect(existsSync(join(root, '.backend-switch/compose/backend.comment'))).toBe(false);
      await applyStep(composeFile, docker(root, 'bun'), { write: 'yes' });
      expect(read(root)).toBe(original);
    });

    it('done: given both backends run, the target\'s own definition stays as written and the other goes', async () => {
      const root = copyFixture();
      writeFileSync(join(root, COMPOSE), read(root).replace('\n  frontend:', `${ELIXIR_SERVICE}\n  frontend:`));
      const outcome = await applyStep(composeFile, docker(root, 'elixir'), { write: 'yes' });
      expect(outcome.status).toBe('done');
      const text = read(root);
      expect(Object.keys(services(text))).toEqual(['db', 'redis', 'backend-ex', 'frontend']);
      expect(text).toContain('SECRET_KEY_BASE: ${SECRET_KEY_BASE} # kept as written');
      expect(text).toContain(`  ${ELIXIR_COMMENT}\n  backend-ex:\n`); // where Bun's stood, describing what runs now
    });

    it('done: given the secrets step moved a literal database password to .env.docker, the new service references the variable', async () => {
      const root = copyFixture();
      writeFileSync(join(root, COMPOSE), read(root).replace('postgres://postgres:${POSTGRES_PASSWORD}@db', 'postgres://postgres:hunter2@db'));
      editEnv(root, '.env.docker', { DATABASE_PASSWORD: 'hunter2' });
      await applyStep(composeFile, docker(root, 'elixir'), { write: 'yes' });
      expect(services(read(root))['backend-ex']!.environment!.DATABASE_URL).toBe('ecto://postgres:${DATABASE_PASSWORD}@db:5432/ecredit');
    });

    it('unchanged: given the compose file already runs the target alone', async () => {
      const root = copyFixture();
      const outcome = await applyStep(composeFile, docker(root, 'bun'), { write: 'yes' });
      expect(outcome).toMatchObject({ status: 'unchanged', detail: `${COMPOSE} already runs backend alone.` });
      expect(existsSync(join(root, '.backend-switch/compose'))).toBe(false);
    });

    it('failed: answered "no", the file is left as it was and the switch cannot go on', async () => {
      const root = copyFixture();
      const original = read(root);
      const outcome = await applyStep(composeFile, docker(root, 'elixir'), { write: 'no' });
      expect(outcome).toMatchObject({ status: 'failed', detail: 'the compose file was left as it was; the switch cannot go on.' });
      expect(outcome.fix).toContain('backend-switch plan shows the diff');
      expect(read(root)).toBe(original);
    });
  });
});
