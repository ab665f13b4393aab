import type { Project } from '../project/project.js';
import type { Translate } from '../i18n/index.js';
import type { BackendName, Mode } from '../project/config.js';

export const CHECK_IDS = [
  'layout', 'env', 'jwt', 'port', 'db', 'redis', 'migrations', 'jobs',
  'health', 'cors', 'ws', 'frontend', 'compose', 'docker',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

/**
 * Each check's `data` (what `doctor --json` prints), by id. The entries live next to the
 * code that builds them: source/checks/<id>.ts adds its own by declaration merging (core
 * imports no probe, and the shapes are the probes' types). `CheckDataMap[Id]` below is an
 * error while any id of CHECK_IDS has no entry.
 */
export interface CheckDataMap {}

/** Every key of every member of a union. */
type KeysOf<T> = T extends unknown ? keyof T : never;

/** None of T's fields: what a verdict that carries no data, or a runner failure, holds of T. */
export type NoData<T> = { [K in KeysOf<T>]?: undefined };

/** Data some of a check's verdicts carry and others leave out. */
export type Sometimes<T> = T | NoData<T>;

/** What a check decides, before its data: a warn or fail always carries a fix. */
export type Finding =
  | { status: 'ok' | 'skip'; detail: string; fix?: string }
  | { status: 'warn' | 'fail'; detail: string; fix: string };

/** `data` may be left out only where the check's data type admits `{}` (the runner puts `{}`). */
type VerdictData<Id extends CheckId> = {} extends CheckDataMap[Id] ? { data?: CheckDataMap[Id] } : { data: CheckDataMap[Id] };

/** What check `Id` decides. */
export type Verdict<Id extends CheckId> = Finding & VerdictData<Id>;

/** The runner's own fail for a check that ran past its timeout or threw: none of the check's data. */
export type RunnerFailureData = { timedOut: true } | { crashed: true };

interface Reported<Id extends CheckId, Status extends CheckStatus, Data> {
  id: Id;
  status: Status;
  title: string;
  detail: string;
  fix?: string;
  durationMs: number;
  data: Data;
}

/** Check `Id`'s result: its verdict, or the runner's fail (timed out, crashed). */
type ResultOf<Id extends CheckId> =
  | Reported<Id, CheckStatus, CheckDataMap[Id]>
  | Reported<Id, 'fail', RunnerFailureData & NoData<CheckDataMap[Id]>>;

/**
 * A check's result, told apart by `id`: once `result.id === 'port'`, `result.data.ports`
 * is the port check's. `CheckResult` alone is any check's.
 */
export type CheckResult<Id extends CheckId = CheckId> = { [K in Id]: ResultOf<K> }[Id];

/** Check `id`'s result among `results`, typed as that check's (`resultOf(results, 'port')?.data.ports`). */
export function resultOf<Id extends CheckId>(results: readonly CheckResult[], id: Id): Extract<CheckResult, { id: Id }> | undefined {
  return results.find((result): result is Extract<CheckResult, { id: Id }> => result.id === id);
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

interface CheckOf<Id extends CheckId> {
  id: Id;
  run(ctx: CheckContext, signal: AbortSignal): Promise<Verdict<Id>>;
}

/** The check `Id`; `Check` alone is any check (a union told apart by `id`). */
export type Check<Id extends CheckId = CheckId> = { [K in Id]: CheckOf<K> }[Id];
