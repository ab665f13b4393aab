import { render } from 'ink';
import type { Flags } from '../cli.js';
import { VERSION } from '../cli.js';
import { detectActiveBackend } from '../core/active-backend.js';
import { InterruptedError, UsageError } from '../core/errors.js';
import { tr } from '../i18n/current.js';
import type { Lang } from '../i18n/index.js';
import { newRunId } from '../io/state.js';
import { buildReport } from '../report/model.js';
import { saveReport } from '../report/store.js';
import { createStepContext } from '../steps/context.js';
import { stepsFor } from '../steps/index.js';
import { decide, previewAll } from '../steps/run-switch.js';
import { displayPath } from '../util/paths.js';
import { Wizard, type TroubleshootSession, type WizardExit } from '../ui/wizard.js';
import { createTroubleshoot } from './watch.js';
import type { BackendName, Mode } from '../project/config.js';
import { WizardController } from '../ui/wizard-controller.js';
import { openSession, type Session } from './session.js';

/** The interactive wizard. Without a terminal it stops at once and names the commands to use. */
export async function wizardCommand(flags: Flags, lang: Lang): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new UsageError(tr('err.noTty'), tr('err.noTtyFix'));
  }
  const session = openSession(flags, lang);
  const controller = createWizardController(session, new AbortController().signal);
  const exit = await runWizard(controller, session);
  if (exit === 'interrupted') throw new InterruptedError();
  return exit === 'failed' ? 1 : 0;
}

export function createWizardController(session: Session, signal: AbortSignal, options: { sleep?: (ms: number) => Promise<void> } = {}): WizardController {
  const started = new Date();
  return new WizardController({
    stepsFor,
    detectActive: async () => (await detectActiveBackend(session.project, session.apiUrl, session.timeoutMs)).backend,
    createContext: (to, mode) => createStepContext(session, { to, mode, runId: newRunId(started), signal, ...(options.sleep ? { sleep: options.sleep } : {}) }),
    previewAll: (ctx, steps) => previewAll(ctx, steps),
    decide: (ctx, step, preview, answers, emit) => decide(ctx, step, preview, answers, (event) => emit(event.type === 'line' ? event.line : event.text)),
    finish: (ctx, records) => {
      const report = buildReport(ctx, records, { version: VERSION, startedAt: started });
      const saved = saveReport(report, session.t);
      return { report, path: displayPath(session.project.root, saved.markdown) };
    },
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
    <Wizard controller={controller} t={session.t} root={session.project.root} onExit={(value) => { exit = value; app.unmount(); }} troubleshoot={(to) => openTroubleshoot(session, to ?? 'bun', controller.state.mode)} />,
    { exitOnCtrlC: false },
  );
  void controller.init();
  await app.waitUntilExit();
  return exit;
}
