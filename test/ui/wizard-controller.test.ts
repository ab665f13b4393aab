import { describe, expect, it } from 'vitest';
import type { Step, StepOutcome, StepPreview } from '../../source/steps/types.js';
import type { WizardController } from '../../source/ui/wizard-controller.js';
import { scriptedController } from '../helpers/scripted-controller.js';

function fakeStep(id: Step['id'], preview: Partial<StepPreview>, outcomes: StepOutcome['status'][]): Step & { applied: number } {
  const step = {
    id,
    applied: 0,
    async preview(): Promise<StepPreview> {
      return { state: 'todo', lines: [], changes: [], commands: [], questions: [], ...preview };
    },
    async apply(_ctx: unknown, _answers: unknown, emit: (event: { type: 'line'; line: string }) => void): Promise<StepOutcome> {
      emit({ type: 'line', line: `running ${id}` });
      const status = outcomes[Math.min(step.applied, outcomes.length - 1)]!;
      step.applied += 1;
      return { status, detail: `${id} ${status}`, commands: [], files: [] };
    },
  };
  return step;
}

const question = { id: 'go', prompt: 'Go?', options: [{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }], default: 'yes', required: true, yesAnswers: true };

/** The controller over the real engine, with scripted steps (ids other than the gated pre-flight). */
function controllerWith(steps: Step[]) {
  const { controller, root } = scriptedController(steps);
  return { controller, root };
}

/** Resolves once `predicate` holds for the controller's state. */
function until(controller: WizardController, predicate: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (predicate()) return resolve();
    const stop = controller.subscribe(() => {
      if (!predicate()) return;
      stop();
      resolve();
    });
  });
}

describe('WizardController (no Ink) over the engine', () => {
  it('preselects the other backend once it knows the active one', async () => {
    const { controller } = controllerWith([fakeStep('stop', {}, ['done'])]);
    expect(controller.state.ready).toBe(false);
    await controller.init();
    expect(controller.state).toMatchObject({ ready: true, active: 'bun', to: 'elixir' });
  });

  it('the demo: shows the first screen at once with the backend it starts, and the later look does not undo a direction chosen meanwhile', async () => {
    const { controller } = controllerWith([fakeStep('stop', {}, ['done'])]);
    controller.presume('bun');
    expect(controller.state).toMatchObject({ ready: true, active: 'bun', to: 'elixir', screen: 0 });
    const run = controller.chooseDirection('bun', 'dev'); // not the suggestion
    await controller.init(); // the services are up: the look for the active backend comes back
    expect(controller.state).toMatchObject({ to: 'bun', screen: 1 });
    await until(controller, () => controller.currentView?.phase === 'finished');
    await controller.next();
    await run;
    expect(controller.state.report).toBeDefined();
  });

  it('asks, runs on the answer, waits for enter, and ends on the report', async () => {
    const first = fakeStep('stop', { questions: [question] }, ['done']);
    const second = fakeStep('database', {}, ['done']);
    const { controller } = controllerWith([first, second]);
    const run = controller.chooseDirection('elixir', 'dev');
    await until(controller, () => controller.pendingQuestion?.id === 'go');
    expect(controller.currentView!.phase).toBe('asking');
    await controller.answer('yes');
    await until(controller, () => controller.currentView?.phase === 'finished');
    expect(controller.currentView).toMatchObject({ output: ['running stop'], outcome: { status: 'done' } });
    expect(second.applied).toBe(0); // the engine waits for the person
    await controller.next();
    await until(controller, () => controller.state.screen === 2 && controller.currentView?.phase === 'finished');
    await controller.next();
    await run;
    expect(controller.state.report?.report.steps.map((s) => `${s.id}:${s.status}`)).toEqual(['stop:done', 'database:done']);
    expect(controller.state.screen).toBe(3);
  });

  it('does not move on from a failed step; retry asks again on a clean screen and runs again', async () => {
    const flaky = fakeStep('stop', { questions: [question] }, ['failed', 'done']);
    const { controller } = controllerWith([flaky]);
    const run = controller.chooseDirection('elixir', 'dev');
    await until(controller, () => controller.pendingQuestion !== undefined);
    await controller.answer('yes');
    await until(controller, () => controller.currentView?.outcome?.status === 'failed');
    await controller.next();
    expect(controller.state.screen).toBe(1);
    const retried = controller.retry();
    await until(controller, () => controller.pendingQuestion !== undefined);
    await retried;
    expect(controller.currentView).toMatchObject({ phase: 'asking', output: [], answers: {} }); // one live question, nothing left over
    await controller.answer('yes');
    await until(controller, () => controller.currentView?.outcome?.status === 'done');
    expect(flaky.applied).toBe(2);
    await controller.next();
    await run;
    expect(controller.state.report?.report.result).toBe('switched');
  });

  it('goes back to read a finished step without running it again, and forward to where the run waits', async () => {
    const first = fakeStep('stop', {}, ['done']);
    const second = fakeStep('database', { questions: [question] }, ['done']);
    const { controller } = controllerWith([first, second]);
    void controller.chooseDirection('elixir', 'dev');
    await until(controller, () => controller.currentView?.phase === 'finished');
    await controller.next();
    await until(controller, () => controller.pendingQuestion !== undefined);
    controller.back();
    expect(controller.state.screen).toBe(1);
    expect(controller.pendingQuestion).toBeUndefined();
    await controller.next();
    expect(controller.state.screen).toBe(2);
    expect(controller.pendingQuestion?.id).toBe('go');
    expect(first.applied).toBe(1);
  });

  it('stop at a failed step ends the run with a report that says failed', async () => {
    const { controller } = controllerWith([fakeStep('stop', {}, ['failed'])]);
    const run = controller.chooseDirection('elixir', 'dev');
    await until(controller, () => controller.currentView?.outcome?.status === 'failed');
    controller.stop();
    await run;
    expect(controller.state.report?.report.result).toBe('failed');
  });
});
