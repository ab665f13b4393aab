import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { frontend } from '../../source/checks/frontend.js';
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
