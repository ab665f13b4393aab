import { render } from 'ink';
import { useSyncExternalStore } from 'react';
import { InterruptedError, UsageError } from '../util/errors.js';
import { ServiceBoard } from '../demo/board.js';
import { parseScenario, prepareDemo, type DemoWorld } from '../demo/prepare.js';
import { scenarioNote, type ScenarioNote } from '../demo/scenarios.js';
import type { Lang, Translate } from '../i18n/index.js';
import { DemoBanner } from '../ui/demo-banner.js';
import { FullScreen } from '../ui/components/full-screen.js';
import { Wizard, type WizardExit } from '../ui/wizard.js';
import type { WizardController } from '../ui/wizard-controller.js';
import type { Flags } from './options.js';
import { openSession } from './session.js';
import { createWizardController, openTroubleshoot } from './wizard.js';

/**
 * The wizard on a throw-away copy of the sample monorepo with embedded services. The first
 * screen shows at once, with the backend the demo is starting; the services come up behind
 * it, named on the banner with their elapsed time, and a direction chosen meanwhile waits for
 * them. On any exit (the end, q, Ctrl+C, a closed terminal) every process it started stops
 * and the copy goes, unless --keep.
 */
export async function demoCommand(flags: Flags, lang: Lang): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new UsageError({ key: 'err.demoTty' }, { key: 'err.demoTtyFix' });
  }
  const scenario = parseScenario(flags.scenario);
  const world = await prepareDemo(scenario);
  const session = openSession({ ...flags, cwd: world.root }, lang);
  const board = new ServiceBoard(world.skipped);
  const controller = createWizardController(session, new AbortController().signal, { beforeRun: () => board.untilSettled() });
  controller.presume(world.active);
  const keep = Boolean(flags.keep);
  const note = scenario && scenarioNote(scenario, { apiPort: world.apiPort, frontendOrigin: session.frontendOrigin });
  let exit = 'quit' as WizardExit;
  // Keys pressed as soon as the first screen shows, before Ink's input hooks take the terminal,
  // arrive as typed (Enter as a return, not a cooked newline): the first screen is usable at once.
  process.stdin.setRawMode(true);
  const app = render(
    <DemoApp t={session.t} lang={lang} world={world} keep={keep} note={note} board={board} controller={controller} onExit={(value) => { exit = value; app.unmount(); }} troubleshoot={(to) => openTroubleshoot(session, to ?? world.active, controller.state.mode)} />,
    { exitOnCtrlC: false },
  );
  const hangUp = () => {
    exit = 'interrupted';
    app.unmount();
  };
  process.once('SIGHUP', hangUp);
  process.once('SIGTERM', hangUp);
  // The services start once the first screen is out; when they have settled, the active backend is looked for.
  const started = new Promise<void>((resolve) => setImmediate(resolve))
    .then(() => world.start(board.progress))
    .catch(() => {})
    .then(() => {
      board.settle();
      return controller.init();
    })
    .catch(() => {}); // the first screen then keeps the backend the demo started
  try {
    await app.waitUntilExit();
  } finally {
    board.close(); // a switch chosen but still waiting for the services never starts
    process.off('SIGHUP', hangUp);
    process.off('SIGTERM', hangUp);
    await world.stop({ keep }); // services still starting included
    await started;
  }
  if (exit === 'interrupted') throw new InterruptedError();
  return exit === 'failed' ? 1 : 0;
}

function DemoApp(props: {
  t: Translate;
  lang: Lang;
  world: DemoWorld;
  keep: boolean;
  note: ScenarioNote | undefined;
  board: ServiceBoard;
  controller: WizardController;
  onExit: (exit: WizardExit) => void;
  troubleshoot: Parameters<typeof Wizard>[0]['troubleshoot'];
}) {
  const board = useSyncExternalStore(props.board.subscribe, props.board.getSnapshot);
  const { world } = props;
  return (
    <FullScreen>
      <DemoBanner t={props.t} lang={props.lang} root={world.root} keep={props.keep} app={world.app} board={board} running={world.running} scenario={props.note} />
      <Wizard controller={props.controller} t={props.t} root={world.root} onExit={props.onExit} troubleshoot={props.troubleshoot} {...(props.keep ? {} : { throwAway: true })} />
    </FullScreen>
  );
}
