import type { CheckContext } from '../core/check.js';
import type { Translate } from '../i18n/index.js';
import { Journal } from '../io/journal.js';
import { newRunId } from '../io/state.js';
import type { BackendName, Mode } from '../project/config.js';
import { envFiles, loadProject, type Project } from '../project/project.js';
import { redactorFor } from '../util/redact.js';
import { otherBackend } from '../backends/index.js';
import type { StepContext } from './types.js';

/** What a command hands the engine: where the monorepo is, the language, the URLs, the timeout. */
export interface RunSettings {
  project: Pick<Project, 'root'>;
  t: Translate;
  apiUrl: string;
  frontendOrigin: string;
  timeoutMs: number;
}

export interface StepContextOptions {
  to: BackendName;
  mode: Mode;
  signal: AbortSignal;
  /** `plan` has no run: its journal is never written. */
  runId?: string;
  healthTimeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  dockerSocket?: string;
  /** --no-rehearse: false; by default the config's rehearse.enabled. */
  rehearse?: boolean;
}

/** A run's context: the monorepo read from disk now, a new run id, journal and start time. */
export function createStepContext(settings: RunSettings, options: StepContextOptions): StepContext {
  const startedAt = new Date();
  const runId = options.runId ?? newRunId(startedAt);
  const project = loadProject(settings.project.root);
  const ctx: StepContext = {
    project,
    reload() {
      ctx.project = loadProject(ctx.project.root);
      ctx.redact = redactorFor(envFiles(ctx.project)); // secrets written by a step are masked from now on
    },
    from: otherBackend(options.to),
    to: options.to,
    mode: options.mode,
    runId,
    startedAt,
    t: settings.t,
    apiUrl: settings.apiUrl,
    frontendOrigin: settings.frontendOrigin,
    timeoutMs: settings.timeoutMs,
    healthTimeoutMs: options.healthTimeoutMs ?? 60_000,
    journal: new Journal(project.root, runId),
    redact: redactorFor(envFiles(project)),
    signal: options.signal,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    ...(options.dockerSocket ? { dockerSocket: options.dockerSocket } : {}),
    nothingToChange: false,
    generated: {},
    rehearse: options.rehearse ?? project.config.rehearse.enabled,
    checks(): CheckContext {
      return {
        project: ctx.project,
        backend: ctx.to,
        mode: ctx.mode,
        apiUrl: ctx.apiUrl,
        frontendOrigin: ctx.frontendOrigin,
        timeoutMs: ctx.timeoutMs,
        t: ctx.t,
        ...(ctx.dockerSocket ? { dockerSocket: ctx.dockerSocket } : {}),
      };
    },
    commandEnv(backend) {
      return { ...(process.env as Record<string, string>), ...ctx.project.backends[backend].env.values };
    },
  };
  return ctx;
}
