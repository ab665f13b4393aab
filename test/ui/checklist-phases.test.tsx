import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../source/i18n/en.js';
import { es } from '../../source/i18n/es.js';
import type { Lang } from '../../source/i18n/index.js';
import { editEnv } from '../helpers/env-files.js';
import { runningBackend, switchableMonorepo } from '../helpers/monorepo.js';
import { freshDatabasePerTest, REAL_POSTGRES } from '../helpers/postgres.js';
import { ENTER, renderWizard, type WizardHarness } from '../helpers/wizard.js';

const database = freshDatabasePerTest();
const CATALOG = { en, es };

/** The line of the checklist naming `item`, with its mark. */
function itemLine(frame: string, text: string): string {
  return frame.split('\n').find((line) => /^[✔✖☐–·] /.test(line.trim()) && line.includes(text)) ?? `(no checklist line with "${text}")`;
}

/** Waits for the question whose prompt contains `prompt`, and answers it by its option's number. */
async function answer(w: WizardHarness, prompt: string, option: number): Promise<void> {
  await w.waitFor(() => w.controller.pendingQuestion !== undefined && w.frame().includes(prompt), `the question "${prompt}"`);
  const before = w.controller.state;
  w.press(String(option));
  await w.waitFor(() => w.controller.state !== before, 'the answer to be taken');
}

/** Waits until the step on screen has finished well, then goes on with enter. */
async function continueFrom(w: WizardHarness, header: string): Promise<string> {
  await w.waitFor(() => w.frame().includes(header) && w.controller.currentView?.phase === 'finished', `${header} finished`);
  const view = w.controller.currentView!;
  if (view.outcome?.status === 'failed') throw new Error(`${header} failed: ${view.outcome.detail}`);
  const shown = w.frame();
  w.press(ENTER);
  return shown;
}

describe.each(['en', 'es'] as Lang[])('guide §5 as three checklist screens (%s)', (lang) => {
  const m = CATALOG[lang];
  const step = (n: number) => (lang === 'en' ? `Step ${n} of 11` : `Paso ${n} de 11`);

  it('before, during and after: each item with its state, the deps and tests steps, questions with nothing preselected asked after the automatic checks', async () => {
    const repo = await switchableMonorepo(database().url);
    await runningBackend(repo, 'bun');
    const w = await renderWizard(repo.root, lang);
    await w.waitFor(() => w.controller.state.ready && w.frame().includes('❯'), 'the direction screen');
    w.press(ENTER);

    // Before: the team question is for the person (☐) until answered.
    await w.waitFor(() => w.controller.pendingQuestion?.id === 'downtime', 'the downtime question');
    expect(w.frame()).toContain(m['checklist.phase.before']);
    expect(itemLine(w.frame(), m['checklist.before.team'])).toContain('☐');
    expect(w.frame()).not.toContain('❯'); // nothing preselected
    w.press(ENTER); // enter alone answers nothing: the hint asks for a choice
    await w.waitFor(() => w.frames.length > 0, 'a frame');
    expect(w.controller.pendingQuestion?.id).toBe('downtime');
    await answer(w, m['preflight.downtime'].slice(0, 12), 1);
    const before = await continueFrom(w, step(2));
    expect(itemLine(before, m['checklist.before.team'])).toContain('✔');
    expect(itemLine(before, m['checklist.before.backup'])).toContain(REAL_POSTGRES ? '✔' : '–'); // PGlite cannot be dumped
    expect(itemLine(before, m['checklist.before.migrations'])).toContain('✔');
    expect(itemLine(before, m['checklist.before.logs'])).toContain('✔');
    expect(itemLine(before, m['checklist.before.jobs'])).toContain('✔'); // none stranded

    // During: the dependencies, then the tests (a question), before the old backend stops.
    const deps = await continueFrom(w, step(3));
    expect(deps).toContain('stand-in for mix deps.get');
    await answer(w, m['tests.ask'].slice(0, 10), 1);
    const tested = await continueFrom(w, step(4));
    expect(tested).toContain('3 tests, 0 failures');
    await answer(w, m['stop.confirm'].slice(0, 6), 1);
    await continueFrom(w, step(5));
    await continueFrom(w, step(6));
    await continueFrom(w, step(7));
    await answer(w, '?', 1); // the frontend's .env.local: write it
    await continueFrom(w, step(8));
    await answer(w, '?', 1); // start it here
    await w.waitFor(() => w.frame().includes(step(9)) && w.controller.currentView?.phase === 'finished', 'the new backend started');
    const during = w.frame();
    expect(during).toContain(m['checklist.phase.during']);
    for (const item of ['stop', 'deps', 'migrate', 'configure', 'start', 'tests'] as const) expect(itemLine(during, m[`checklist.during.${item}`])).toContain('✔');
    w.press(ENTER);

    // After: the automatic checks have run (their lines are on screen) when the first question comes.
    await w.waitFor(() => w.controller.pendingQuestion?.id === 'webhook', 'the webhook question');
    expect(w.frame()).toMatch(/ok\s+.*\/health/);
    expect(w.controller.currentView!.output.some((line) => line.includes('login:'))).toBe(true); // the smoke login ran instead of asking
    await answer(w, m['verify.manual.webhook'].slice(0, 10), 1);
    await answer(w, m['verify.manual.logs'].slice(0, 10), 1);
    await answer(w, m['verify.manual.tellTeam'].slice(0, 10), 1);
    await w.waitFor(() => w.frame().includes(step(10)) && w.controller.currentView?.phase === 'finished', 'the post-switch checklist done');
    const after = w.frame();
    for (const item of ['health', 'cors', 'ws', 'jwt', 'frontend', 'login', 'webhook', 'logs', 'tellTeam'] as const) expect(itemLine(after, m[`checklist.after.${item}`])).toContain('✔');
    expect(itemLine(after, m['checklist.after.testApplication'])).toContain('–'); // no frontend answers here: not asked
    w.press(ENTER);
    await w.waitFor(() => Boolean(w.controller.state.report), 'the report');
    const { report, path } = w.controller.state.report!;
    expect(report.result).toBe('switched');
    const markdown = readFileSync(join(repo.root, path.replace(/\.json$/, '.md')), 'utf8');
    for (const phase of ['before', 'during', 'after'] as const) expect(markdown).toContain(`### ${m[`checklist.phase.${phase}`]}`);
    expect(markdown).toContain(`- ✔ ${m['checklist.during.tests']}`);
  });
});

describe('the post-switch checklist without login and webhook automation', () => {
  it('asks the person about login and webhooks (never skips them silently); "later" leaves them unconfirmed and the switch partial', async () => {
    const repo = await switchableMonorepo(database().url);
    await runningBackend(repo, 'bun');
    editEnv(repo.root, 'apps/backend-ex/.env', { SMOKE_EMAIL: undefined, SMOKE_PASSWORD: undefined });
    const w = await renderWizard(repo.root);
    await w.waitFor(() => w.controller.state.ready && w.frame().includes('❯'), 'the direction screen');
    w.press(ENTER);
    await answer(w, en['preflight.downtime'].slice(0, 12), 1);
    await continueFrom(w, 'Step 2 of 11');
    await continueFrom(w, 'Step 3 of 11');
    await answer(w, en['tests.ask'].slice(0, 10), 2); // not now
    const skipped = await continueFrom(w, 'Step 4 of 11');
    expect(skipped).toContain('not run: run');
    await answer(w, en['stop.confirm'].slice(0, 6), 1);
    for (const n of [5, 6, 7]) await continueFrom(w, `Step ${n} of 11`);
    await answer(w, '?', 1);
    await continueFrom(w, 'Step 8 of 11');
    await answer(w, '?', 1);
    const during = await continueFrom(w, 'Step 9 of 11');
    expect(itemLine(during, en['checklist.during.tests'])).toContain('☐');

    await answer(w, en['verify.manual.login'], 3); // later
    expect(w.controller.currentView!.output.some((line) => /skip\s+login/.test(line))).toBe(true);
    await answer(w, en['verify.manual.webhook'], 1);
    await answer(w, en['verify.manual.logs'].slice(0, 10), 1);
    await answer(w, en['verify.manual.tellTeam'].slice(0, 10), 1);
    const after = await continueFrom(w, 'Step 10 of 11');
    expect(itemLine(after, en['checklist.after.login'])).toContain('☐');
    expect(itemLine(after, en['checklist.after.webhook'])).toContain('✔');
    await w.waitFor(() => Boolean(w.controller.state.report), 'the report');
    const { report } = w.controller.state.report!;
    expect(report.result).toBe('partial');
    expect(report.unconfirmed).toEqual([
      { item: 'tests', reason: 'skipped' },
      { item: 'login', reason: 'unanswered' },
    ]);
  });
});
