import { describe, expect, it } from 'vitest';
import { copyFixture } from '../helpers/fixture.js';
import { renderWizard } from '../helpers/wizard.js';

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
});
