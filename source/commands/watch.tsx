import { render } from 'ink';
import { InterruptedError } from '../util/errors.js';
import { newRunId } from '../io/state.js';
import type { BackendName, Mode } from '../project/config.js';
import { createStepContext } from '../steps/context.js';
import { TroubleshootController } from '../troubleshoot/controller.js';
import { abortableSleep } from '../troubleshoot/watcher.js';
import { TroubleshootApp } from '../ui/troubleshoot/troubleshoot-app.js';
import { FullScreen } from '../ui/components/full-screen.js';
import type { Session } from './session.js';

export const WATCH_INTERVAL_MS = 1500;

export function createTroubleshoot(session: Session, backend: BackendName, mode: Mode, signal: AbortSignal): TroubleshootController {
  const step = createStepContext(session, { to: backend, mode, runId: newRunId(), signal });
  return new TroubleshootController(step, { intervalMs: WATCH_INTERVAL_MS, sleep: abortableSleep, now: Date.now });
}

/** `doctor --watch`: the troubleshoot screen on its own; q leaves (0), Ctrl+C interrupts (130). */
export async function watchCommand(session: Session, backend: BackendName, mode: Mode): Promise<number> {
  const controller = new AbortController();
  const troubleshoot = createTroubleshoot(session, backend, mode, controller.signal);
  let interrupted = false;
  const app = render(
    <FullScreen>
      <TroubleshootApp
        controller={troubleshoot}
        t={session.t}
        root={session.project.root}
        closing="quit"
        onClose={() => app.unmount()}
        onInterrupt={() => {
          interrupted = true;
          app.unmount();
        }}
      />
    </FullScreen>,
    { exitOnCtrlC: false },
  );
  void troubleshoot.watcher.run(controller.signal);
  await app.waitUntilExit();
  controller.abort();
  if (interrupted) throw new InterruptedError();
  return 0;
}
