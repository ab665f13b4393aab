import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { layout } from '../../source/checks/layout.js';
import { contextFor, neverAborted } from '../helpers/context.js';
import { copyFixture } from '../helpers/fixture.js';

describe('layout check', () => {
  it('is ok when both backends and the frontend are where configured', async () => {
    const verdict = await layout.run(contextFor(copyFixture()), neverAborted());
    expect(verdict.status).toBe('ok');
    expect(verdict.detail).toContain('apps/backend-ex');
  });

  it('fails when the target backend is missing, naming the file and the key to set', async () => {
    const root = copyFixture();
    rmSync(join(root, 'apps/backend-ex'), { recursive: true });
    const verdict = await layout.run(contextFor(root, { backend: 'elixir' }), neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.detail).toContain('apps/backend-ex/mix.exs not found');
    expect(verdict.fix).toContain('backends.elixir.dir');
  });

  it('warns when only the frontend (not the target) is missing', async () => {
    const root = copyFixture();
    rmSync(join(root, 'apps/frontend'), { recursive: true });
    const verdict = await layout.run(contextFor(root, { backend: 'bun' }), neverAborted());
    expect(verdict.status).toBe('warn');
    expect(verdict.fix).toContain('frontend.dir');
  });
});
