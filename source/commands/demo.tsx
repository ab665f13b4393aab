import { render } from 'ink';
import { useState } from 'react';
import { InterruptedError, UsageError } from '../core/errors.js';
import { parseScenario, prepareDemo, type SampleApp, type DemoService } from '../demo/prepare.js';
import type { Lang, Translate } from '../i18n/index.js';
import { DemoBanner, type ServiceState } from '../ui/demo-banner.js';
import { FullScreen } from '../ui/components/full-screen.js';
import { Wizard, type WizardExit } from '../ui/wizard.js';
import type { WizardController } from '../ui/wizard-controller.js';
import type { Flags } from './options.js';
import { openSession } from './session.js';
import { createWizardController, openTroubleshoot } from './wizard.js';

type Services = Record<DemoService, { state?: ServiceState; detail?: string }>;

/**
 * The wizard on a throw-away copy of the sample monorepo with embedded services. The first
 * screen shows at once; services come up behind the banner. On any exit (the end, q, Ctrl+C,
 * a closed terminal) every process it started stops and the copy goes, unless --keep.
 */
export async function demoCommand(flags: Flags, lang: Lang): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new UsageError({ key: 'err.demoTty' }, { key: 'err.demoTtyFix' });
  }
  const scenario = parseScenario(flags.scenario);
  const world = await prepareDemo(scenario);
  const session = openSession({ ...flags, cwd: world.root }, lang);
  const controller = createWizardController(session, new AbortController().signal);
  let exit = 'quit' as WizardExit;
  let setServices: (update: (s: Services) => Services) => void = () => {};
  const app = render(
    <DemoApp t={session.t} root={world.root} keep={Boolean(flags.keep)} app={world.app} controller={controller} onExit={(value) => { exit = value; app.unmount(); }} bindServices={(set) => (setServices = set)} troubleshoot={(to) => openTroubleshoot(session, to ?? 'bun', controller.state.mode)} />,
    { exitOnCtrlC: false },
  );
  const hangUp = () => {
    exit = 'interrupted';
    app.unmount();
  };
  process.once('SIGHUP', hangUp);
  process.once('SIGTERM', hangUp);
  try {
    void world
      .start((service, state, detail) => setServices((s) => ({ ...s, [service]: { state, ...(detail ? { detail } : {}) } })))
      .then(() => controller.init());
    await app.waitUntilExit();
  } finally {
    process.off('SIGHUP', hangUp);
    process.off('SIGTERM', hangUp);
    await world.stop({ keep: Boolean(flags.keep) });
  }
  if (exit === 'interrupted') throw new InterruptedError();
  return exit === 'failed' ? 1 : 0;
}

function DemoApp(props: {
  t: Translate;
  root: string;
  keep: boolean;
  app?: SampleApp | undefined;
  controller: WizardController;
  onExit: (exit: WizardExit) => void;
  bindServices: (set: (update: (s: Services) => Services) => void) => void;
  troubleshoot: Parameters<typeof Wizard>[0]['troubleshoot'];
}) {
  const [services, setServices] = useState<Services>({ postgres: {}, redis: {}, backend: {} });
  props.bindServices(setServices);
  return (
    <FullScreen>
      <DemoBanner t={props.t} root={props.root} keep={props.keep} app={props.app} services={services} />
      <Wizard controller={props.controller} t={props.t} root={props.root} onExit={props.onExit} troubleshoot={props.troubleshoot} />
    </FullScreen>
  );
}
