import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { frontend } from '../../source/checks/frontend.js';
import type { CheckContext } from '../../source/core/check.js';
import { originOf, viteDevServer } from '../helpers/vite.js';
import { contextFor, neverAborted } from '../helpers/context.js';
import { copyFixture } from '../helpers/fixture.js';

const API = 'http://localhost:3000';

describe('frontend check, development', () => {
  it('is ok when .env.local points VITE_API_URL at the API', async () => {
    const verdict = await frontend.run(contextFor(copyFixture(), { apiUrl: API }), neverAborted());
    expect(verdict.status).toBe('ok');
  });

  it('is ok without .env.local when the API is at the default (guide §1: remove it for Bun)', async () => {
    const root = copyFixture();
    rmSync(join(root, 'apps/frontend/.env.local'));
    const verdict = await frontend.run(contextFor(root, { apiUrl: API }), neverAborted());
    expect(verdict.status).toBe('ok');
    expect(verdict.detail).toContain('default');
  });

  it('fails when VITE_API_URL points elsewhere, with the line to set', async () => {
    const root = copyFixture();
    writeFileSync(join(root, 'apps/frontend/.env.local'), 'VITE_API_URL=http://localhost:4000\n');
    const verdict = await frontend.run(contextFor(root, { apiUrl: API }), neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.fix).toContain('VITE_API_URL=http://localhost:3000 in apps/frontend/.env.local');
  });
});

describe('frontend check, Docker', () => {
  it('is ok when the Dockerfile ARG names the target service', async () => {
    const verdict = await frontend.run(contextFor(copyFixture(), { backend: 'bun', mode: 'docker' }), neverAborted());
    expect(verdict.status).toBe('ok');
  });

  it('fails when the ARG still names the other backend service (guide §3 paso 4)', async () => {
    const verdict = await frontend.run(contextFor(copyFixture(), { backend: 'elixir', mode: 'docker' }), neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.detail).toContain('points at the other backend');
    expect(verdict.fix).toContain('ARG VITE_API_URL=http://backend-ex:3000');
  });

  it('fails when the Dockerfile has no ARG VITE_API_URL', async () => {
    const root = copyFixture();
    writeFileSync(join(root, 'apps/frontend/Dockerfile'), 'FROM nginx:alpine\n');
    const verdict = await frontend.run(contextFor(root, { backend: 'bun', mode: 'docker' }), neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.detail).toContain('no ARG VITE_API_URL');
  });
});

/** Runs the check until `done` holds (Vite restarts itself on its own schedule), at most 15 s. */
async function checkUntil(ctx: CheckContext, done: (served: string | null | undefined) => boolean) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const verdict = await frontend.run(ctx, neverAborted());
    if (done(verdict.data?.devServer?.served) || Date.now() > deadline) return verdict;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('frontend check, with a Vite dev server running', () => {
  it('reads the VITE_API_URL the dev server serves, and follows it when .env.local changes: reload the page, no restart', async () => {
    const root = copyFixture();
    const server = await viteDevServer(root);
    const ctx = contextFor(root, { apiUrl: API, frontendOrigin: originOf(server) });
    const before = await frontend.run(ctx, neverAborted());
    expect(before.status).toBe('ok');
    expect(before.data?.devServer).toMatchObject({ module: '/src/api.ts', served: API });
    expect(before.detail).toContain(`The Vite dev server at ${originOf(server)} serves VITE_API_URL=${API}.`);

    writeFileSync(join(root, 'apps/frontend/.env.local'), 'VITE_API_URL=http://localhost:4000\n');
    const after = await checkUntil(contextFor(root, { apiUrl: API, frontendOrigin: originOf(server) }), (served) => served === 'http://localhost:4000');
    expect(after.data?.devServer?.served).toBe('http://localhost:4000');
    expect(after.status).toBe('fail');
    expect(after.fix).toBe('Set VITE_API_URL=http://localhost:3000 in apps/frontend/.env.local; the running Vite dev server restarts itself when the file changes, so then reload the page.');

    writeFileSync(join(root, 'apps/frontend/.env.local'), `VITE_API_URL=${API}\n`);
    const fixed = await checkUntil(contextFor(root, { apiUrl: API, frontendOrigin: originOf(server) }), (served) => served === API);
    expect(fixed.status).toBe('ok');
  }, 40_000);

  it('given a dev server started with VITE_API_URL in its environment, which wins over the file: fails and says to restart it', async () => {
    const root = copyFixture();
    const server = await viteDevServer(root, { VITE_API_URL: 'http://localhost:4000' });
    const verdict = await frontend.run(contextFor(root, { apiUrl: API, frontendOrigin: originOf(server) }), neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.detail).toContain(`still serves VITE_API_URL=http://localhost:4000, not the ${API} of apps/frontend/.env.local`);
    expect(verdict.fix).toContain('Restart the frontend dev server (cd apps/frontend && npm run dev) without VITE_API_URL in its environment');
  }, 30_000);

  it('without a dev server, the verdict is the file\'s alone', async () => {
    const verdict = await frontend.run(contextFor(copyFixture(), { apiUrl: API, frontendOrigin: 'http://127.0.0.1:9' }), neverAborted());
    expect(verdict.status).toBe('ok');
    expect(verdict.data?.devServer).toBeUndefined();
  });
});
