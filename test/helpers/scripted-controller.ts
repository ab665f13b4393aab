import { translator, type Lang } from '../../source/i18n/index.js';
import { loadProject } from '../../source/project/project.js';
import { finishRun } from '../../source/report/finish.js';
import { createStepContext } from '../../source/steps/context.js';
import { SwitchEngine } from '../../source/steps/engine.js';
import type { Step } from '../../source/steps/types.js';
import { WizardController } from '../../source/ui/wizard-controller.js';
import { copyFixture } from './fixture.js';

/** The wizard's controller over the real engine, with scripted steps, on a fixture copy. */
export function scriptedController(steps: Step[], lang: Lang = 'en') {
  const root = copyFixture();
  const t = translator(lang);
  const settings = { project: loadProject(root), t, apiUrl: 'http://127.0.0.1:9', frontendOrigin: 'http://localhost:5173', timeoutMs: 500 };
  const controller = new WizardController({
    stepsFor: () => steps,
    detectActive: async () => 'bun',
    createRun: (to, mode, answerer, onEvent) => {
      const engine = new SwitchEngine({ to, mode, finish: finishRun, answerer, onEvent, steps: () => steps, createContext: (target, m) => createStepContext(settings, { to: target, mode: m, signal: new AbortController().signal }) });
      return { progress: () => engine.progress(), run: async () => ({ report: (await engine.run()).finished.report, path: 'report.md' }) };
    },
    describeError: (error) => String(error),
  });
  return { controller, root, t };
}
