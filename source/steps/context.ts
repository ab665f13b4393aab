import type { CheckContext } from '../core/check.js';
import { Journal } from '../io/journal.js';
import type { BackendName, Mode } from '../project/config.js';
import { loadProject } from '../project/project.js';
import { redactorFor } from '../util/redact.js';
import { checkContext, type Session } from '../commands/session.js';
import type { StepContext } from './types.js';

export interface StepContextOptions {
  to: BackendName;
  mode: Mode;
  runId: string;
  signal: AbortSignal;
  healthTimeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export function createStepContext(session: Session, options: StepContextOptions): StepContext {
  const ctx: StepContext = {
    project: session.project,
    reload() {
      ctx.project = loadProject(ctx.project.root);
      ctx.redact = redactorFor(ctx.project); // secrets written by a step are masked from now on
    },
    from: options.to === 'bun' ? 'elixir' : 'bun',
    to: options.to,
    mode: options.mode,
    runId: options.runId,
    t: session.t,
    apiUrl: session.apiUrl,
    frontendOrigin: session.frontendOrigin,
    timeoutMs: session.timeoutMs,
    healthTimeoutMs: options.healthTimeoutMs ?? 60_000,
    journal: new Journal(session.project.root, options.runId),
    redact: redactorFor(session.project),
    signal: options.signal,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    nothingToChange: false,
    checks(): CheckContext {
      return checkContext(session, ctx.to, ctx.mode, ctx.project);
    },
    commandEnv(backend) {
      return { ...(process.env as Record<string, string>), ...ctx.project.backends[backend].env.values };
    },
  };
  return ctx;
}
