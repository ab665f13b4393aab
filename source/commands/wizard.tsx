import { render } from 'ink';
import type { Flags } from './options.js';
import { detectActiveBackend } from '../backends/active.js';
import { InterruptedError, UsageError } from '../util/errors.js';
import type { Lang } from '../i18n/index.js';
import { createStepContext } from '../steps/context.js';
import { stepsFor } from '../steps/index.js';
import { SwitchEngine } from '../steps/engine.js';
import { finishRun } from '../report/finish.js';
import { describeError } from './describe-error.js';
import { displayPath } from '../util/paths.js';
import { Wizard, type TroubleshootSession, type WizardExit } from '../ui/wizard.js';
import { createTroubleshoot } from './watch.js';
import type { BackendName, Mode } from '../project/config.js';
import { WizardController } from '../ui/wizard-controller.js';
import { FullScreen } from '../ui/components/full-screen.js';
import { openSession, type Session } from './session.js';

/** The interactive wizard. Without a terminal it stops at once and names the commands to use. */
export async function wizardCommand(flags: Flags, lang: Lang): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new UsageError({ key: 'err.noTty' }, { key: 'err.noTtyFix' });
  }
  const session = openSession(flags, lang);
  const controller = createWizardController(session, new AbortController().signal);
  const exit = await runWizard(controller, session);
  if (exit === 'interrupted') throw new InterruptedError();
  return exit === 'failed' ? 1 : 0;
}

/** `beforeRun`: what a run waits for before it reads the world (the demo's services still starting). */
export function createWizardController(session: Session, signal: AbortSignal, options: { sleep?: (ms: number) => Promise<void>; beforeRun?: () => Promise<void> } = {}): WizardController {
  return new WizardController({
    stepsFor,
    detectActive: async () => (await detectActiveBackend(session.project, session.apiUrl, session.timeoutMs)).backend,
    createRun: (to, mode, answerer, onEvent) => {
      const engine = new SwitchEngine({
        to,
        mode,
        finish: finishRun,
        answerer,
        onEvent,
        createContext: (target, targetMode) => createStepContext(session, { to: target, mode: targetMode, signal, ...(options.sleep ? { sleep: options.sleep } : {}) }),
      });
      return {
        progress: () => engine.progress(),
        run: async () => {
          await options.beforeRun?.();
          const { finished: result } = await engine.run();
          const path = result.saved ? displayPath(session.project.root, result.saved.markdown) : session.t('switch.notSaved', { message: result.saveError ?? '?' });
          return { report: result.report, path };
        },
      };
    },
    describeError: (error) => describeError(error, session.t),
  });
}

export function openTroubleshoot(session: Session, backend: BackendName, mode: Mode): TroubleshootSession {
  const abort = new AbortController();
  const controller = createTroubleshoot(session, backend, mode, abort.signal);
  void controller.watcher.run(abort.signal);
  return { controller, stop: () => abort.abort() };
}

async function runWizard(controller: WizardController, session: Session): Promise<WizardExit> {
  let exit: WizardExit = 'quit';
  const app = render(
    <FullScreen>
      <Wizard controller={controller} t={session.t} root={session.project.root} onExit={(value) => { exit = value; app.unmount(); }} troubleshoot={(to) => openTroubleshoot(session, to ?? 'bun', controller.state.mode)} />
    </FullScreen>,
    { exitOnCtrlC: false },
  );
  void controller.init();
  await app.waitUntilExit();
  return exit;
}
