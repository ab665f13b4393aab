import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dockerfile } from '../../../source/steps/docker/dockerfile.js';
import { copyFixture, FIXTURES } from '../../helpers/fixture.js';
import { applyStep, stepContext } from '../../helpers/steps.js';

// Guide §3 paso 4: the frontend image is built with ARG VITE_API_URL naming the backend's
// compose service. The fixture's Dockerfile says http://backend:3000 (the Bun service).
const DOCKERFILE = 'apps/frontend/Dockerfile';
const ORIGINAL = readFileSync(join(FIXTURES, 'ecredit', DOCKERFILE), 'utf8');

const read = (root: string) => readFileSync(join(root, DOCKERFILE), 'utf8');
const docker = (root: string, to: 'bun' | 'elixir') => stepContext(root, { to, mode: 'docker' });

describe('dockerfile step (guide §3 paso 4)', () => {
  describe('preview', () => {
    it('todo: given the ARG names the Bun service, switching to Elixir shows the ARG line changing and asks', async () => {
      const root = copyFixture();
      const preview = await dockerfile.preview(docker(root, 'elixir'));
      expect(preview.state).toBe('todo');
      expect(preview.lines).toEqual([`${DOCKERFILE}: ARG VITE_API_URL=http://backend:3000.`]);
      expect(preview.changes).toHaveLength(1);
      expect(preview.changes[0]!.after).toBe(ORIGINAL.replace('ARG VITE_API_URL=http://backend:3000', 'ARG VITE_API_URL=http://backend-ex:3000'));
      expect(preview.questions).toEqual([expect.objectContaining({ id: 'write', prompt: 'Set ARG VITE_API_URL=http://backend-ex:3000?', default: 'yes' })]);
    });

    it('todo: keeps the port the ARG already used', async () => {
      const root = copyFixture();
      writeFileSync(join(root, DOCKERFILE), ORIGINAL.replace('http://backend:3000', 'http://backend:8080'));
      const preview = await dockerfile.preview(docker(root, 'elixir'));
      expect(preview.changes[0]!.after).toContain('ARG VITE_API_URL=http://backend-ex:8080');
    });

    it('up to date: given the ARG already names the target service', async () => {
      const preview = await dockerfile.preview(docker(copyFixture(), 'bun'));
      expect(preview).toMatchObject({ state: 'up-to-date', lines: [`${DOCKERFILE}: VITE_API_URL=http://backend:3000.`], changes: [], questions: [] });
    });

    it('blocked: given the frontend has no Dockerfile, it says so and what to write', async () => {
      const root = copyFixture();
      rmSync(join(root, DOCKERFILE));
      const preview = await dockerfile.preview(docker(root, 'elixir'));
      expect(preview.state).toBe('blocked');
      expect(preview.blocked).toEqual({
        detail: `${DOCKERFILE} does not exist.`,
        fix: `In ${DOCKERFILE} set: ARG VITE_API_URL=http://backend-ex:3000 (then rebuild: docker compose up -d --build).`,
      });
    });

    it('blocked: given the Dockerfile has no ARG VITE_API_URL', async () => {
      const root = copyFixture();
      writeFileSync(join(root, DOCKERFILE), 'FROM nginx:alpine\n');
      const preview = await dockerfile.preview(docker(root, 'elixir'));
      expect(preview.state).toBe('blocked');
      expect(preview.blocked!.detail).toBe(`${DOCKERFILE} has no ARG VITE_API_URL.`);
    });
  });

  describe('apply', () => {
    it('done: writes the ARG through the journal, every other line kept', async () => {
      const root = copyFixture();
      const ctx = docker(root, 'elixir');
      const outcome = await applyStep(dockerfile, ctx, { write: 'yes' });
      expect(outcome).toMatchObject({ status: 'done', detail: `${DOCKERFILE}: ARG VITE_API_URL=http://backend-ex:3000 (the build step rebuilds the image).`, files: [DOCKERFILE] });
      expect(read(root)).toBe(ORIGINAL.replace('http://backend:3000', 'http://backend-ex:3000'));
      expect(ctx.journal.entries.map((e) => e.path)).toEqual([DOCKERFILE]);
    });

    it('done, then back: switching to Bun again gives the original file byte for byte', async () => {
      const root = copyFixture();
      await applyStep(dockerfile, docker(root, 'elixir'), { write: 'yes' });
      await applyStep(dockerfile, docker(root, 'bun'), { write: 'yes' });
      expect(read(root)).toBe(ORIGINAL);
    });

    it('unchanged: given the ARG already names the target service', async () => {
      const outcome = await applyStep(dockerfile, docker(copyFixture(), 'bun'), { write: 'yes' });
      expect(outcome).toMatchObject({ status: 'unchanged', files: [] });
    });

    it('skipped: answered "no", the Dockerfile is left as it was', async () => {
      const root = copyFixture();
      const outcome = await applyStep(dockerfile, docker(root, 'elixir'), { write: 'no' });
      expect(outcome).toMatchObject({ status: 'skipped', detail: 'left the frontend configuration as it was.' });
      expect(read(root)).toBe(ORIGINAL);
    });
  });
});
