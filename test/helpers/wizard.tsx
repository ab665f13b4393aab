import { cleanup, render } from 'ink-testing-library';
import { EventEmitter } from 'node:events';
import { afterEach } from 'vitest';
import { openSession } from '../../source/commands/session.js';
import { createWizardController, openTroubleshoot } from '../../source/commands/wizard.js';
import type { Lang } from '../../source/i18n/index.js';
import { Wizard, type WizardExit } from '../../source/ui/wizard.js';
import type { WizardController } from '../../source/ui/wizard-controller.js';
import { untilChange } from './changes.js';
import type { Question } from '../../source/steps/types.js';

const opened: { stop(): void }[] = [];
afterEach(() => {
  cleanup();
  for (const ts of opened.splice(0)) ts.stop();
});

export const ENTER = '\r';
export const DOWN = '\u001B[B';

export interface WizardHarness {
  controller: WizardController;
  frame(): string;
  frames: string[];
  press(key: string): void;
  waitFor(predicate: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  exit(): WizardExit | undefined;
}

/** The wizard rendered by ink-testing-library on a monorepo, driven by keystrokes. */
export async function renderWizard(root: string, lang: Lang = 'en'): Promise<WizardHarness> {
  const session = openSession({ cwd: root, lang } as never, lang);
  const controller = createWizardController(session, new AbortController().signal);
  let exit: WizardExit | undefined;
  const frames: string[] = [];
  const troubleshoot = (to: 'bun' | 'elixir' | undefined) => {
    const ts = openTroubleshoot(session, to ?? 'bun', controller.state.mode);
    opened.push(ts);
    return ts;
  };
  const app = render(<Wizard controller={controller} t={session.t} root={root} onExit={(value) => (exit = value)} troubleshoot={troubleshoot} />);
  const changes = wakeOnChange(app, controller);
  await controller.init();
  const frame = () => app.lastFrame() ?? '';
  const waitFor = async (predicate: () => boolean, what: string, timeoutMs = 20_000) => {
    await untilChange(changes, predicate, timeoutMs, () => `timed out waiting for ${what}; last frame:\n${frame()}`);
    frames.push(frame());
  };
  return { controller, frame, frames, press: (key) => app.stdin.write(key), waitFor, exit: () => exit };
}

/**
 * The key that answers a question as a willing person would: a required question with its
 * default, an optional one (run the tests, a checklist item) with yes. Nothing is preselected.
 */
export function answerKey(question: Question): string {
  const value = question.required ? question.default : 'yes';
  return String(question.options.findIndex((o) => o.value === value) + 1);
}

/**
 * Walks the wizard to its report: at each question its answer's number (see answerKey), at
 * each finished step enter ("continue"), waiting for the frame that shows it first.
 */
export async function acceptEveryScreen(w: WizardHarness, marker: { next: string; question: string }): Promise<string[]> {
  const headers: string[] = [];
  for (let guard = 0; guard < 40 && !w.controller.state.report; guard += 1) {
    await w.waitFor(() => {
      const view = w.controller.currentView;
      const settled = view?.phase === 'asking' ? w.frame().includes(marker.question) : view?.phase === 'finished' && w.frame().includes(marker.next);
      return Boolean(w.controller.state.report) || Boolean(settled);
    }, 'a question or a finished step');
    if (w.controller.state.report) break;
    const view = w.controller.currentView!;
    if (view.outcome?.status === 'failed') throw new Error(`step failed: ${view.outcome.detail}\n${w.frame()}`);
    headers.push(w.frame().split('\n')[0]!);
    const before = w.controller.state;
    const question = w.controller.pendingQuestion;
    w.press(question ? answerKey(question) : ENTER);
    // The engine is waiting for this key: the next state is the key's doing.
    await w.waitFor(() => w.controller.state !== before, 'the key to be taken');
    w.frames.pop();
  }
  await w.waitFor(() => Boolean(w.controller.state.report) && w.frame().includes(marker.next === 'Press enter to continue.' ? 'Report:' : 'Informe:'), 'the report screen');
  headers.push(w.frame().split('\n')[0]!);
  return headers;
}

/** Every frame Ink writes, and every change of the controller's state, wakes the waiters. */
export function wakeOnChange(app: { stdout: { write: (text: string) => void } }, controller: Pick<WizardController, 'subscribe'>): EventEmitter {
  const changes = new EventEmitter();
  const write = app.stdout.write;
  app.stdout.write = (text: string) => {
    write(text);
    changes.emit('change');
  };
  controller.subscribe(() => changes.emit('change'));
  return changes;
}

export { untilChange };
