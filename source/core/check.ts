import type { Project } from '../project/project.js';
import type { Translate } from '../i18n/index.js';
import type { BackendName, Mode } from '../project/config.js';

export const CHECK_IDS = [
  'layout', 'env', 'jwt', 'port', 'db', 'redis', 'migrations', 'jobs',
  'health', 'cors', 'ws', 'frontend', 'compose', 'docker',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

/** What a check decides. A warn or fail always carries a fix. */
export type Verdict =
  | { status: 'ok' | 'skip'; detail: string; fix?: string; data?: Record<string, unknown> }
  | { status: 'warn' | 'fail'; detail: string; fix: string; data?: Record<string, unknown> };

export interface CheckResult {
  id: CheckId;
  status: CheckStatus;
  title: string;
  detail: string;
  fix?: string;
  durationMs: number;
  data: Record<string, unknown>;
}

/** Everything a check may use; tests build one around real servers and fixture copies. */
export interface CheckContext {
  project: Project;
  backend: BackendName;
  mode: Mode;
  apiUrl: string;
  /** The origin the browser runs the frontend at, sent as `Origin` by the CORS and ws probes. */
  frontendOrigin: string;
  timeoutMs: number;
  t: Translate;
  /** Where the Docker Engine API listens (unix socket path); undefined = dockerode's default. */
  dockerSocket?: string;
}

export interface Check {
  id: CheckId;
  run(ctx: CheckContext, signal: AbortSignal): Promise<Verdict>;
}

export function otherBackend(backend: BackendName): BackendName {
  return backend === 'bun' ? 'elixir' : 'bun';
}
