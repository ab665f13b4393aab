import { cleanup, render } from 'ink-testing-library';
import { EventEmitter } from 'node:events';
import { afterEach } from 'vitest';
import { openSession } from '../../source/commands/session.js';
import type { Lang } from '../../source/i18n/index.js';
import type { BackendName } from '../../source/project/config.js';
import { createStepContext } from '../../source/steps/context.js';
import { TroubleshootController } from '../../source/troubleshoot/controller.js';
import { TroubleshootApp } from '../../source/ui/troubleshoot/troubleshoot-app.js';
import { FullScreen } from '../../source/ui/components/full-screen.js';
import { untilChange } from './changes.js';

afterEach(() => cleanup());

/**
 * A sleep the test ends: each `tick()` lets the watcher start its next round. `onSleep` is
 * told each time the watcher starts waiting, so a test can wait for that instead of polling.
 */
export function controllableSleep(onSleep: () => void = () => {}) {
  const waiting: (() => void)[] = [];
  return {
    sleep: (_ms: number, signal: AbortSignal) =>
      new Promise<void>((resolve) => {
        waiting.push(resolve);
        signal.addEventListener('abort', () => resolve(), { once: true });
        onSleep();
      }),
    sleeping: () => waiting.length > 0,
    tick: () => waiting.splice(0).forEach((resolve) => resolve()),
  };
}

/** `columns` makes it, and Ink's terminal, that wide; `rows`: in a terminal that tall (a `FullScreen` root, as the commands render it), else as tall as it wants. */
export async function renderTroubleshoot(root: string, options: { apiUrl: string; backend: BackendName; columns?: number; rows?: number; lang?: Lang }) {
  const lang = options.lang ?? 'en';
  const session = openSession({ cwd: root, 'api-url': options.apiUrl, timeout: '1000', lang } as never, lang);
  const abort = new AbortController();
  const step = createStepContext(session, { to: options.backend, mode: 'dev', runId: '20261130-000000-7e57', signal: abort.signal });
  // Every frame Ink writes, every finished round and the watcher going to sleep wake the waiters.
  const changes = new EventEmitter();
  const changed = () => changes.emit('change');
  const clock = controllableSleep(changed);
  const controller = new TroubleshootController(step, { intervalMs: 1500, sleep: clock.sleep, now: Date.now });
  let closed = false;
  const screen = <TroubleshootApp controller={controller} t={session.t} root={root} closing="quit" onClose={() => (closed = true)} onInterrupt={() => (closed = true)} {...(options.columns ? { columns: options.columns } : {})} />;
  const app = render(options.rows ? <FullScreen rows={options.rows}>{screen}</FullScreen> : screen);
  if (options.columns) Object.defineProperty(app.stdout, 'columns', { get: () => options.columns });
  const write = app.stdout.write;
  app.stdout.write = (text: string) => {
    write(text);
    changed();
  };
  let rounds = 0;
  controller.watcher.subscribe(() => {
    rounds += 1;
    changed();
  });
  void controller.watcher.run(abort.signal);
  const frame = () => app.lastFrame() ?? '';
  const waitFor = async (predicate: (frame: string) => boolean, what: string, timeoutMs = 15_000) => {
    await untilChange(changes, () => predicate(frame()), timeoutMs, () => `timed out waiting for ${what}; last frame:\n${frame()}`);
    return frame();
  };
  /**
   * One more probe round, begun after this call (the world as the test left it): waits for
   * the watcher to be between rounds, lets it go, and waits for that round's results.
   * Rendering them is what the test's next `waitFor` waits for.
   */
  const nextRound = async () => {
    await untilChange(changes, clock.sleeping, 15_000, () => `the watcher never finished its round; last frame:\n${frame()}`);
    const before = rounds;
    clock.tick();
    await untilChange(changes, () => rounds > before, 15_000, () => `timed out waiting for the next probe round; last frame:\n${frame()}`);
  };
  return { controller, frame, waitFor, nextRound, press: (key: string) => app.stdin.write(key), closed: () => closed, stop: () => abort.abort() };
}

/** The line index where a panel's title stands in a frame. */
export function panelLine(frame: string, title: string): number {
  return frame.split('\n').findIndex((line) => new RegExp(`[✔⚠✖○…] ${title}\\b`).test(line));
}
