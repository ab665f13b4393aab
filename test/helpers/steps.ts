import { translator } from '../../source/i18n/index.js';
import type { BackendName, Mode } from '../../source/project/config.js';
import { createStepContext } from '../../source/steps/context.js';
import type { Answers, Step, StepContext, StepEvent, StepOutcome } from '../../source/steps/types.js';
import { NOWHERE_PORT } from './fixture.js';

export interface StepContextFor {
  to: BackendName;
  mode?: Mode;
  /** The API as the run sees it; by default a port where nothing listens. */
  apiUrl?: string;
  /** Where the frontend is served (a Vite dev server, when a test starts one); http://localhost:5173 by default. */
  frontendOrigin?: string;
  /** The Docker Engine API; by default a socket that does not exist (no engine), never the machine's. */
  dockerSocket?: string;
  timeoutMs?: number;
  healthTimeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** The pre-flight's rehearsal (test/steps/rehearsal.test.ts covers it): off unless a test asks. */
  rehearse?: boolean;
}

export const NO_ENGINE = '/nonexistent/backend-switch-test/docker.sock';

/**
 * The step context a run builds (`createStepContext`, as `switch`, `plan` and the wizard do)
 * on a monorepo copy, for calling one step's preview and apply in-process.
 */
export function stepContext(root: string, options: StepContextFor): StepContext {
  return createStepContext(
    { project: { root }, t: translator('en'), apiUrl: options.apiUrl ?? `http://127.0.0.1:${NOWHERE_PORT}`, frontendOrigin: options.frontendOrigin ?? 'http://localhost:5173', timeoutMs: options.timeoutMs ?? 2000 },
    {
      to: options.to,
      mode: options.mode ?? 'dev',
      signal: new AbortController().signal,
      ...(options.healthTimeoutMs !== undefined ? { healthTimeoutMs: options.healthTimeoutMs } : {}),
      ...(options.sleep ? { sleep: options.sleep } : {}),
      dockerSocket: options.dockerSocket ?? NO_ENGINE,
      rehearse: options.rehearse ?? false,
    },
  );
}

/**
 * A sleep that only yields to the event loop: a step's own polling (for /health, for a
 * database, for a process to exit) runs its rounds back to back, so a "gave up after N s"
 * outcome arrives at once instead of after N real seconds.
 */
export const noWait = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Applies a step as the engine does once its questions are answered, keeping what it emitted. */
export async function applyStep(step: Step, ctx: StepContext, answers: Answers = {}, onEvent?: (event: StepEvent) => void): Promise<StepOutcome & { events: StepEvent[]; said: string }> {
  const events: StepEvent[] = [];
  const outcome = await step.apply(ctx, answers, (event) => {
    events.push(event);
    onEvent?.(event);
  });
  const said = [...events.map((e) => (e.type === 'line' ? e.line : e.text)), outcome.detail, outcome.fix ?? ''].join('\n');
  return { ...outcome, events, said };
}
