import { describe, expect, it } from 'vitest';
import { openSession } from '../../source/commands/session.js';
import { checkContext } from '../../source/commands/session.js';
import type { CheckResult } from '../../source/core/check.js';
import { availableFixes } from '../../source/troubleshoot/fixes.js';
import type { WatchState } from '../../source/troubleshoot/watcher.js';
import { WATCHED } from '../../source/troubleshoot/watcher.js';
import { copyFixture } from '../helpers/fixture.js';

/** The panels with only the port check probed: the API port held by `holder` (pid 4242), judged `status`. */
function portHeld(holder: 'bun' | 'elixir' | null, status: CheckResult['status']): WatchState {
  const watch = Object.fromEntries(WATCHED.map((id) => [id, {}])) as WatchState;
  const api = { port: 4000, listening: true, pid: 4242, command: 'bun src/index.js', kind: 'process' };
  const result = { id: 'port', title: 'Ports', status, detail: 'held', durationMs: 1, data: { ports: { api, frontend: { port: 5173, listening: false }, postgres: { port: 5432, listening: false }, redis: { port: 6379, listening: false } }, apiBackend: holder } };
  watch.port = { result: result as CheckResult };
  return watch;
}

describe('the k fix (stop what holds the API port)', () => {
  const session = openSession({ cwd: copyFixture() }, 'en');
  const fixesFor = (backend: 'bun' | 'elixir', watch: WatchState) =>
    availableFixes(watch, { checks: checkContext(session, backend, 'dev'), redact: session.redact, createDatabase: async () => '' }).map((fix) => fix.key);

  it('is offered against the other backend when the switch needs the port', () => {
    expect(fixesFor('elixir', portHeld('bun', 'fail'))).toEqual(['k']);
  });

  it('is offered against a stranger', () => {
    expect(fixesFor('bun', portHeld(null, 'fail'))).toEqual(['k']);
  });

  it('is never offered against the backend being judged, whatever the port panel says', () => {
    expect(fixesFor('bun', portHeld('bun', 'ok'))).toEqual([]);
    expect(fixesFor('bun', portHeld('bun', 'warn'))).toEqual([]);
  });
});
