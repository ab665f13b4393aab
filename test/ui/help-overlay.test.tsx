import { cleanup, render } from 'ink-testing-library';
import stringWidth from 'string-width';
import { stripVTControlCharacters } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { translator, type Lang, type Translate } from '../../source/i18n/index.js';
import type { Step, StepOutcome, StepPreview } from '../../source/steps/types.js';
import { barKeys, troubleshootKeys } from '../../source/ui/keys.js';
import { Wizard } from '../../source/ui/wizard.js';
import { editEnv } from '../helpers/env-files.js';
import { closedPort } from '../helpers/servers.js';
import { copyFixture } from '../helpers/fixture.js';
import { renderTroubleshoot } from '../helpers/troubleshoot.js';
import { untilChange } from '../helpers/changes.js';
import { scriptedController } from '../helpers/scripted-controller.js';
import { wakeOnChange } from '../helpers/wizard.js';

// Issue 13, "Help for what the guide says beyond the switch": on every kind of screen, `?`
// lists every key its key bar shows (and the ones it does not: arrows, Ctrl+C), `d` opens
// guide §4 and §8, and nothing is wider than an 80-column terminal, in English and Spanish.

const COLUMNS = 80;
const ENTER = '\r';
const DOWN = '\u001B[B';
afterEach(() => cleanup());

const question = { id: 'go', prompt: 'Go?', options: [{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }], default: 'yes', required: true, yesAnswers: true };

/** A step that asks, then runs until the test lets it finish, with the given outcome. */
function scriptedStep(id: Step['id'], status: StepOutcome['status'], questions = [question]) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const step: Step = {
    id,
    async preview(): Promise<StepPreview> {
      return { state: 'todo', lines: [`${id}: what it found`], changes: [], commands: [], questions };
    },
    async apply() {
      await released;
      return { status, detail: `${id} ${status}`, commands: [], files: [] };
    },
  };
  return { step, release };
}

/** The wizard over the real engine with scripted steps, in an 80-column terminal. */
function renderWizardAt80(lang: Lang, steps: Step[]) {
  const { controller, root, t } = scriptedController(steps, lang);
  const tree = <Wizard controller={controller} t={t} root={root} onExit={() => {}} troubleshoot={() => { throw new Error('not opened in this test'); }} />;
  const app = render(tree);
  Object.defineProperty(app.stdout, 'columns', { get: () => COLUMNS });
  const changes = wakeOnChange(app, controller);
  app.rerender(tree);
  const frame = () => stripVTControlCharacters(app.lastFrame() ?? '');
  const waitFor = (predicate: (frame: string) => boolean, what: string) => untilChange(changes, () => predicate(frame()), 15_000, () => `timed out waiting for ${what}; last frame:\n${frame()}`);
  return { controller, frame, waitFor, press: (key: string) => app.stdin.write(key) };
}

const fits = (frame: string, where: string) => {
  for (const line of frame.split('\n')) expect(stringWidth(line), `${where}: "${line}"`).toBeLessThanOrEqual(COLUMNS);
};

/** The key bar, the frame's last line: its labels. */
const bar = (frame: string) => frame.trimEnd().split('\n').at(-1)!.trim().split(' · ');

/**
 * `?` on the screen shown now: the overlay lists every label of the key bar, arrows and
 * Ctrl+C where they work, and its own `d`; `d` opens the Differences page; `?` closes it.
 */
async function checkOverlay(w: { frame(): string; press(key: string): void; waitFor(p: (f: string) => boolean, what: string): Promise<void> }, t: Translate, kind: string, opts: { choosing: boolean }) {
  const labels = bar(w.frame());
  fits(w.frame(), `${kind} screen`);
  w.press('?');
  await w.waitFor((f) => f.includes(t('ui.help.title')), `the ? overlay on the ${kind} screen`);
  const overlay = w.frame();
  fits(overlay, `${kind} overlay`);
  // The overlay stands in its box, above the screen; the bar stays below it.
  const box = overlay.slice(overlay.indexOf(t('ui.help.title')), overlay.lastIndexOf('╯'));
  for (const label of labels) expect(box, `${kind}: the overlay lists "${label}"`).toContain(label);
  expect(box).toContain(t('ui.keys.interrupt'));
  expect(box).toContain(t('ui.keys.differences'));
  if (opts.choosing) expect(box).toContain(t('ui.keys.choose'));
  else expect(box).not.toContain(t('ui.keys.choose'));
  w.press('d');
  await w.waitFor((f) => f.includes(t('diff.title')), `the Differences page from the ${kind} screen`);
  fits(w.frame(), `${kind} Differences page`);
  expect(w.frame()).not.toContain(t('ui.help.title'));
  w.press('?');
  await w.waitFor((f) => !f.includes(t('diff.title')) && !f.includes(t('ui.help.title')), 'the overlay closed');
  return labels;
}

describe.each(['en', 'es'] as const)('the ? overlay at 80 columns (%s)', (lang) => {
  const t = translator(lang);

  it('on the direction, question, running, finished, failed and report screens lists every key of the key bar', async () => {
    const first = scriptedStep('stop', 'done');
    const second = scriptedStep('database', 'failed', []);
    const w = renderWizardAt80(lang, [first.step, second.step]);
    await w.controller.init();
    const bars: Record<string, string[]> = {};

    await w.waitFor((f) => f.includes(t('ui.direction.prompt')), 'the direction screen');
    bars.direction = await checkOverlay(w, t, 'direction', { choosing: true });

    w.press(ENTER);
    await w.waitFor((f) => f.includes('? Go?'), 'the question');
    bars.question = await checkOverlay(w, t, 'question', { choosing: true });

    w.press('1'); // a question has nothing preselected: its first option by number
    await w.waitFor((f) => f.includes(t('ui.running')), 'the running step');
    bars.running = await checkOverlay(w, t, 'running', { choosing: false });

    first.release();
    await w.waitFor((f) => f.includes(t('ui.next')), 'the finished step');
    bars.finished = await checkOverlay(w, t, 'finished', { choosing: false });

    w.press(ENTER);
    await w.waitFor(() => w.controller.currentView?.phase === 'running', 'the second step running');
    second.release();
    await w.waitFor((f) => f.includes(t('ui.failed.prompt')), 'the failed step');
    bars.failed = await checkOverlay(w, t, 'failed', { choosing: true });

    w.press(DOWN);
    w.press(ENTER); // stop here and write the report
    await w.waitFor(() => Boolean(w.controller.state.report), 'the report');
    await w.waitFor((f) => f.includes(t('ui.report.title')), 'the report screen');
    bars.report = await checkOverlay(w, t, 'report', { choosing: false });

    if (lang === 'en') {
      // Each bar names what works there, and only that: nothing but ? while a command runs.
      expect(bars).toEqual({
        direction: ['enter: choose', 't: troubleshoot', 'q: quit', '?: help'],
        question: ['enter: choose', 't: troubleshoot', 'q: quit', '?: help'], // step 1 of the run: nothing to go back to
        running: ['?: help'],
        finished: ['enter: continue', 't: troubleshoot', 'q: quit', '?: help'],
        failed: ['enter: choose', 'b/←: back', 't: troubleshoot', 'q: quit', '?: help'],
        report: ['n: switch again', 't: troubleshoot', 'q: quit', '?: help'],
      });
    }
  });
});

describe.each(['en', 'es'] as const)('the troubleshoot screen\'s ? at 80 columns (%s)', (lang) => {
  const t = translator(lang);

  it('lists every key of its key bar: each fix offered, the way out, and y/n while a fix waits', async () => {
    const root = copyFixture();
    editEnv(root, 'apps/backend/.env', { JWT_SECRET: 'a-different-secret-for-bun-123456' });
    const ts = await renderTroubleshoot(root, { apiUrl: `http://127.0.0.1:${await closedPort()}`, backend: 'elixir', columns: COLUMNS, lang });
    await ts.waitFor((f) => f.includes('[j]'), 'the JWT fix offered');
    const frame = stripVTControlCharacters(ts.frame());
    const keys = troubleshootKeys(t, ts.controller.state, 'quit');
    const expected = barKeys(keys);
    expect(expected).toEqual([t('ui.keys.tsQuit'), t('ui.keys.help')]); // each fix is on screen as [key] title, Ctrl+C in the overlay
    expect(keys.map((k) => k.label)).toEqual(expect.arrayContaining([t('ui.keys.seeFix', { key: 'j' }), t('ui.keys.interrupt')]));
    const flat = (text: string) => text.replace(/\s+/g, ' ').trim();
    expect(flat(frame).endsWith(flat(expected.join(' · ')))).toBe(true); // the bar as rendered, wrapped or not
    fits(frame, 'troubleshoot');

    ts.press('?');
    const overlay = stripVTControlCharacters(await ts.waitFor((f) => f.includes(t('ui.help.title')), 'the overlay'));
    fits(overlay, 'troubleshoot overlay');
    for (const { label } of keys) expect(overlay, label).toContain(label);
    for (const fix of ts.controller.state.fixes) expect(flat(overlay)).toContain(flat(fix.title).slice(0, 30)); // what each fix key does
    ts.press('d');
    fits(stripVTControlCharacters(await ts.waitFor((f) => f.includes(t('diff.title')), 'the Differences page')), 'troubleshoot Differences page');
    ts.press('?');
    await ts.waitFor((f) => f.includes('[j]'), 'the panels again');

    ts.press('j');
    await ts.waitFor((f) => f.includes(t('ui.ts.confirm')), 'the fix waiting for y/n');
    const pending = barKeys(troubleshootKeys(t, ts.controller.state, 'quit'));
    expect(pending).toEqual([t('ui.keys.applyFix'), t('ui.keys.keepFix'), t('ui.keys.help')]);
    expect(flat(stripVTControlCharacters(ts.frame()))).toContain(flat(pending.join(' · ')));
    ts.press('?');
    const pendingOverlay = stripVTControlCharacters(await ts.waitFor((f) => f.includes(t('ui.help.title')), 'the overlay over the pending fix'));
    fits(pendingOverlay, 'troubleshoot overlay, fix pending');
    for (const label of pending) expect(pendingOverlay, label).toContain(label);
    ts.press('?');
    ts.press('n');
    await ts.waitFor((f) => f.includes('[j]') && !f.includes(t('ui.ts.confirm')), 'the fix left');
    ts.stop();
  });
});
