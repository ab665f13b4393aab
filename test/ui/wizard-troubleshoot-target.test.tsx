import { describe, expect, it } from 'vitest';
import { runningBackend, switchableMonorepo } from '../helpers/monorepo.js';
import { freshDatabasePerTest } from '../helpers/postgres.js';
import { renderWizard } from '../helpers/wizard.js';

const database = freshDatabasePerTest();

describe('troubleshoot from the wizard judges the right backend', () => {
  it('from the first screen judges the backend that runs, not the one highlighted, and offers no key to stop it', async () => {
    const repo = await switchableMonorepo(database().url);
    const pid = await runningBackend(repo, 'bun');
    const w = await renderWizard(repo.root);
    await w.waitFor(() => w.frame().includes('Active now: bun.'), 'the direction screen');
    expect(w.frame()).toMatch(/❯ Bun → Elixir\/Phoenix/); // Elixir is the one highlighted
    w.press('t');
    await w.waitFor(() => /[✔⚠✖○] Ports/.test(w.frame()) && /[✔⚠✖○] PostgreSQL/.test(w.frame()), 'the probed panels');
    const frame = w.frame();
    expect(frame).toContain('Judging Bun · development');
    expect(frame).toContain(`held by the bun backend (pid ${pid})`);
    expect(frame).toContain('✔ Ports');
    expect(frame).not.toContain('[k]');
    expect(frame).not.toContain(`kill ${pid}`);
  });
});
