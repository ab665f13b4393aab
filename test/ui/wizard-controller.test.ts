import { describe, expect, it } from 'vitest';
import type { Step, StepContext, StepOutcome, StepPreview } from '../../source/steps/types.js';
import { WizardController } from '../../source/ui/wizard-controller.js';

function fakeStep(id: Step['id'], preview: Partial<StepPreview>, outcomes: StepOutcome['status'][]): Step & { applied: number } {
  const step = {
    id,
    applied: 0,
    async preview() {
      return { state: 'todo', lines: [], changes: [], commands: [], questions: [], ...preview } as StepPreview;
    },
    async apply() {
      const status = outcomes[Math.min(step.applied, outcomes.length - 1)]!;
      step.applied += 1;
      return { status, detail: `${id} ${status}`, commands: [], files: [] };
    },
  };
  return step;
}

const question = { id: 'go', prompt: 'Go?', options: [{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }], default: 'yes', required: true, yesAnswers: true };

function controllerWith(steps: Step[]) {
  const finished: string[] = [];
  const controller = new WizardController({
    stepsFor: () => steps,
    detectActive: async () => 'bun',
    createContext: () => ({}) as StepContext,
    previewAll: async () => [],
    decide: (ctx, step, preview, answers, emit) => {
      emit(`running ${step.id}`);
      return step.apply(ctx, answers, () => {});
    },
    finish: (_ctx, records) => {
      finished.push(...records.map((r) => `${r.id}:${r.outcome!.status}`));
      return { report: { result: 'switched' } as never, path: 'report.md' };
    },
  });
  return { controller, finished };
}

describe('WizardController (no Ink)', () => {
  it('preselects the other backend once it knows the active one', async () => {
    const { controller } = controllerWith([fakeStep('preflight', {}, ['done'])]);
    expect(controller.state.ready).toBe(false);
    await controller.init();
    expect(controller.state).toMatchObject({ ready: true, active: 'bun', to: 'elixir' });
  });

  it('asks, runs on the last answer, waits for continue, and ends on the report', async () => {
    const first = fakeStep('preflight', { questions: [question] }, ['done']);
    const second = fakeStep('stop', {}, ['done']);
    const { controller, finished } = controllerWith([first, second]);
    await controller.chooseDirection('elixir', 'dev');
    expect(controller.currentView!.phase).toBe('asking');
    expect(controller.pendingQuestion!.id).toBe('go');
    await controller.answer('yes');
    expect(controller.currentView).toMatchObject({ phase: 'finished', output: ['running preflight'], outcome: { status: 'done' } });
    await controller.next();
    expect(controller.state.screen).toBe(2);
    expect(controller.currentView!.phase).toBe('finished'); // no question: it ran at once
    await controller.next();
    expect(controller.state.screen).toBe(3);
    expect(finished).toEqual(['preflight:done', 'stop:done']);
  });

  it('does not move on from a failed step; retry asks and runs again', async () => {
    const flaky = fakeStep('migrate', { questions: [question] }, ['failed', 'done']);
    const { controller } = controllerWith([flaky]);
    await controller.chooseDirection('bun', 'dev');
    await controller.answer('yes');
    await controller.next();
    expect(controller.state.screen).toBe(1);
    await controller.retry();
    expect(controller.currentView!.phase).toBe('asking');
    await controller.answer('yes');
    expect(controller.currentView!.outcome!.status).toBe('done');
    expect(flaky.applied).toBe(2);
  });

  it('goes back to a finished step without running it again', async () => {
    const first = fakeStep('preflight', {}, ['done']);
    const second = fakeStep('stop', { questions: [question] }, ['done']);
    const { controller } = controllerWith([first, second]);
    await controller.chooseDirection('elixir', 'dev');
    await controller.next();
    controller.back();
    expect(controller.state.screen).toBe(1);
    await controller.next();
    expect(controller.state.screen).toBe(2);
    expect(first.applied).toBe(1);
  });
});
