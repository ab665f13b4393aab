import { existsSync, readFileSync } from 'node:fs';
import { composeCommand } from '../checks/support.js';
import type { CheckContext, CheckResult } from '../core/check.js';
import { setEnvValue } from '../edits/env-file.js';
import { fileChange } from '../steps/support.js';
import { BACKENDS, type BackendName } from '../project/config.js';
import { keptJwtSecret } from '../project/jwt-secret.js';
import { redactorFor } from '../util/redact.js';
import { envFiles } from '../project/project.js';
import type { Journal } from '../io/journal.js';
import { stopProcess } from '../io/processes.js';
import { runCommand } from '../io/run-command.js';
import type { FileChange } from '../steps/types.js';
import { displayPath } from '../util/paths.js';
import type { Redactor } from '../util/redact.js';
import { fingerprint } from '../util/secrets.js';
import type { WatchState } from './watcher.js';

export type FixId = 'frontend-url' | 'jwt' | 'start-db' | 'create-db' | 'migrate' | 'stop-port';

export interface FixPlan {
  id: FixId;
  key: string;
  title: string;
  changes: FileChange[];
  commands: string[];
  /** Applies the fix; its file writes go through `journal`, the fix's own run. */
  apply(journal: Journal): Promise<string>;
}

export interface FixContext {
  checks: CheckContext;
  redact: Redactor;
  createDatabase(): Promise<string>;
}

/** The fixes that apply to what the panels show now, each with its diff or command. */
export function availableFixes(state: WatchState, ctx: FixContext): FixPlan[] {
  return [frontendUrl(state, ctx), jwtCopy(state, ctx), startDb(state, ctx), createDb(state, ctx), migrate(state, ctx), stopPort(state, ctx)].filter((fix): fix is FixPlan => Boolean(fix));
}

/** The backend proven to hold the API port. A port check that timed out or crashed has no data: then nothing is known to run. */
function runningBackend(state: WatchState): BackendName | undefined {
  const port = state.port.result;
  return (port?.id === 'port' && 'apiBackend' in port.data ? port.data.apiBackend : null) ?? undefined;
}

const failing = (result: CheckResult | undefined) => result && (result.status === 'fail' || result.status === 'warn');

/**
 * CORS refuses the frontend's origin: FRONTEND_URL in the .env of the backend that answered
 * (guide §6) — the one running on the API port when that is proven, else the one judged.
 * Before a switch the running backend is not the target, and only its file changes the verdict.
 */
function frontendUrl(state: WatchState, ctx: FixContext): FixPlan | undefined {
  const cors = state.cors.result;
  const rule = cors?.id === 'cors' ? cors.data.failure?.rule : undefined;
  if (!failing(cors) || !['allow-origin-missing', 'allow-origin-mismatch', 'allow-origin-wildcard'].includes(rule ?? '')) return undefined;
  const { project, frontendOrigin, t } = ctx.checks;
  const backend = runningBackend(state) ?? ctx.checks.backend;
  const path = project.backends[backend].envFile;
  const before = existsSync(path) ? readFileSync(path, 'utf8') : '';
  if (project.backends[backend].env.values.FRONTEND_URL === frontendOrigin) return undefined;
  const after = setEnvValue(before, 'FRONTEND_URL', frontendOrigin);
  return {
    id: 'frontend-url',
    key: 'f',
    title: t('fix.frontendUrl', { origin: frontendOrigin, file: displayPath(project.root, path) }),
    changes: [fileChange({ project, redact: redactorFor(envFiles(project)) }, path, before, after)],
    commands: [],
    apply: async (journal) => {
      journal.write(path, after);
      return t('fix.frontendUrlDone', { file: displayPath(project.root, path) });
    },
  };
}

/**
 * JWT_SECRET differs or is missing: one secret copied to every place (guide §6). The one kept
 * is the secret the tokens people hold were signed with: the running backend's, else the one
 * in .env.docker, else the one most places share.
 */
function jwtCopy(state: WatchState, ctx: FixContext): FixPlan | undefined {
  if (!failing(state.jwt.result)) return undefined;
  const { project, t } = ctx.checks;
  const running = runningBackend(state);
  const kept = keptJwtSecret(project, running);
  if (!kept) return undefined;
  const targets = [...BACKENDS.map((b) => project.backends[b].env), project.composeEnv].filter((env) => (env.exists || env !== project.composeEnv) && env.values.JWT_SECRET !== kept.secret);
  if (targets.length === 0) return undefined;
  const redact = redactorFor(envFiles(project));
  const changes: FileChange[] = targets.map((env) => {
    const before = existsSync(env.path) ? readFileSync(env.path, 'utf8') : '';
    return fileChange({ project, redact }, env.path, before, setEnvValue(before, 'JWT_SECRET', kept.secret), { secret: true });
  });
  const reason = t(`fix.jwtWhy.${kept.why}`, { backend: running ?? '', count: kept.shared, total: kept.places });
  return {
    id: 'jwt',
    key: 'j',
    title: t('fix.jwt', { from: displayPath(project.root, kept.path), fingerprint: fingerprint(kept.secret), why: reason }),
    changes,
    commands: [],
    apply: async (journal) => {
      for (const change of changes) journal.write(change.path, change.after, change.path === project.composeEnv.path ? { forceMode: 0o600 } : {});
      return t('fix.jwtDone', { count: changes.length });
    },
  };
}


/** PostgreSQL refuses connections: `database.start` from the config, else compose's db service (guide §6). */
function startDb(state: WatchState, ctx: FixContext): FixPlan | undefined {
  const db = state.db.result;
  if (db?.id !== 'db' || db.data.failure !== 'refused') return undefined;
  const { project, t } = ctx.checks;
  const command = project.config.database.start ?? (project.compose?.services.db ? `${composeCommand(ctx.checks)} up -d db` : undefined);
  if (!command) return undefined;
  return {
    id: 'start-db',
    key: 's',
    title: t('fix.startDb'),
    changes: [],
    commands: [command],
    apply: async () => {
      const record = await runCommand(command, { cwd: project.root, redact: ctx.redact, timeoutMs: 60_000 });
      return record.exitCode === 0 ? t('fix.startDbDone') : t('fix.commandFailed', { code: record.exitCode ?? '?', tail: record.tail.slice(-3).join(' / ') });
    },
  };
}

function createDb(state: WatchState, ctx: FixContext): FixPlan | undefined {
  const db = state.db.result;
  if (db?.id !== 'db' || db.data.failure !== 'missing-database') return undefined;
  const { t } = ctx.checks;
  return { id: 'create-db', key: 'c', title: t('fix.createDb'), changes: [], commands: [db.fix ?? ''], apply: () => ctx.createDatabase() };
}

/** Pending migrations: the target's migrate command (development mode). */
function migrate(state: WatchState, ctx: FixContext): FixPlan | undefined {
  const result = state.migrations.result;
  const pending = result?.id === 'migrations' && result.status === 'warn' ? result.data.pending : undefined;
  if (!pending?.length) return undefined;
  const { project, backend, mode, t } = ctx.checks;
  const command = mode === 'docker'
    ? `${composeCommand(ctx.checks)} run --rm ${project.config.backends[backend].service} ${project.config.backends[backend].commands.migrate}`
    : project.config.backends[backend].commands.migrate;
  const cwd = mode === 'docker' ? project.root : project.backends[backend].dir;
  return {
    id: 'migrate',
    key: 'm',
    title: t('fix.migrate', { count: pending.length }),
    changes: [],
    commands: [command],
    apply: async () => {
      const env = { ...(process.env as Record<string, string>), ...project.backends[backend].env.values };
      const record = await runCommand(command, { cwd, env, redact: ctx.redact });
      return record.exitCode === 0 ? t('fix.migrateDone') : t('fix.commandFailed', { code: record.exitCode ?? '?', tail: record.tail.slice(-3).join(' / ') });
    },
  };
}

/**
 * The API port held by the other backend or a stranger: stop it (after the confirmation every
 * fix has). Never the backend being judged: it is the one that should be there.
 */
function stopPort(state: WatchState, ctx: FixContext): FixPlan | undefined {
  const port = state.port.result;
  const api = port?.id === 'port' ? port.data.ports?.api : undefined;
  const holder = port?.id === 'port' && 'apiBackend' in port.data ? port.data.apiBackend : null;
  if (port?.status === 'ok' || !api?.listening || api.pid === undefined || api.kind === 'docker' || holder === ctx.checks.backend) return undefined;
  const { t } = ctx.checks;
  const pid = api.pid;
  return {
    id: 'stop-port',
    key: 'k',
    title: t('fix.stopPort', { pid, port: api.port, command: (api.command ?? '?').slice(0, 40) }),
    changes: [],
    commands: [`kill ${pid}`],
    apply: async () => {
      const result = await stopProcess(pid, api.port);
      return result.stopped ? t('fix.stopPortDone', { pid, signal: result.signal ?? '-' }) : t('stop.failed', { port: api.port });
    },
  };
}
