import { cleanup, render } from 'ink-testing-library';
import { afterEach } from 'vitest';
import { openSession } from '../../source/commands/session.js';
import type { BackendName } from '../../source/project/config.js';
import { createStepContext } from '../../source/steps/context.js';
import { TroubleshootController } from '../../source/troubleshoot/controller.js';
import { TroubleshootApp } from '../../source/ui/troubleshoot/troubleshoot-app.js';

afterEach(() => cleanup());

/** A sleep the test ends: each `tick()` lets the watcher start its next round. */
export function controllableSleep() {
  const waiting: (() => void)[] = [];
  return {
    sleep: (_ms: number, signal: AbortSignal) =>
      new Promise<void>((resolve) => {
        waiting.push(resolve);
        signal.addEventListener('abort', () => resolve(), { once: true });
      }),
    tick: () => waiting.splice(0).forEach((resolve) => resolve()),
  };
}

export async function renderTroubleshoot(root: string, options: { apiUrl: string; backend: BackendName; columns?: number }) {
  const session = openSession({ cwd: root, 'api-url': options.apiUrl, timeout: '1000' } as never, 'en');
  const abort = new AbortController();
  const step = createStepContext(session, { to: options.backend, mode: 'dev', runId: '20261130-000000-7e57', signal: abort.signal });
  const clock = controllableSleep();
  const controller = new TroubleshootController(step, { intervalMs: 1500, sleep: clock.sleep, now: Date.now });
  let closed = false;
  const app = render(
    <TroubleshootApp controller={controller} t={session.t} root={root} closeKeys={['q']} exitHint="q: quit" onClose={() => (closed = true)} onInterrupt={() => (closed = true)} {...(options.columns ? { columns: options.columns } : {})} />,
  );
  let rounds = 0;
  controller.watcher.subscribe(() => (rounds += 1));
  void controller.watcher.run(abort.signal);
  const frame = () => app.lastFrame() ?? '';
  const waitFor = async (predicate: (frame: string) => boolean, what: string, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(frame())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last frame:\n${frame()}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return frame();
  };
  /** Lets one more probe round run and waits until it has rendered. */
  const nextRound = async () => {
    const before = rounds;
    clock.tick();
    const deadline = Date.now() + 15_000;
    while (rounds === before && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 30));
  };
  return { controller, frame, waitFor, nextRound, press: (key: string) => app.stdin.write(key), closed: () => closed, stop: () => abort.abort() };
}

/** The line index where a panel's title stands in a frame. */
export function panelLine(frame: string, title: string): number {
  return frame.split('\n').findIndex((line) => new RegExp(`[✔⚠✖○…] ${title}\\b`).test(line));
}
