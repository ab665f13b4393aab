import { describe, expect, it } from 'vitest';
import { copyFixture } from '../helpers/fixture.js';
import { runningBackend, switchableMonorepo } from '../helpers/monorepo.js';
import { freshDatabasePerTest } from '../helpers/postgres.js';
import { renderWizard } from '../helpers/wizard.js';

const database = freshDatabasePerTest();

describe('the wizard and the troubleshoot screen', () => {
  it('opens troubleshoot with t from a screen and comes back with t to the same screen', async () => {
    const w = await renderWizard(copyFixture());
    await w.waitFor(() => w.frame().includes('Step 1 of 11'), 'the first screen');
    expect(w.frame()).toContain('t: troubleshoot');
    w.press('t');
    await w.waitFor(() => w.frame().includes('Troubleshoot (guide §6)') && /[✔⚠✖○] Ports/.test(w.frame()), 'the live panels');
    expect(w.frame()).toContain('t or Esc: back to the wizard');
    w.press('t');
    await w.waitFor(() => w.frame().includes('Step 1 of 11 · Direction and mode'), 'the wizard again');
    expect(w.controller.state.screen).toBe(0);
  });

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
