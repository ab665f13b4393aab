import type { CheckContext } from '../../source/core/check.js';
import { translator } from '../../source/i18n/index.js';
import { recordStarted } from '../../source/io/started.js';
import type { BackendName, Mode } from '../../source/project/config.js';
import { loadProject } from '../../source/project/project.js';

/** A check context on a monorepo copy; tests override what the scenario needs. */
export function contextFor(root: string, overrides: Partial<Omit<CheckContext, 'project'>> & { backend?: BackendName; mode?: Mode } = {}): CheckContext {
  return {
    project: loadProject(root),
    backend: 'bun',
    mode: 'dev',
    apiUrl: 'http://127.0.0.1:9',
    frontendOrigin: 'http://localhost:5173',
    timeoutMs: 2000,
    t: translator('en'),
    ...overrides,
  };
}

/**
 * The test's own in-process server stands in for the judged backend: recorded as the process
 * backend-switch started (as the start step records it), so the checks take it for the backend.
 */
export function serverIsBackend(root: string, backend: BackendName): void {
  recordStarted(root, { pid: process.pid, backend, runId: '20261130-000000000-7e57' });
}

export function neverAborted(): AbortSignal {
  return new AbortController().signal;
}
