import type { Check, CheckContext, Sometimes, Verdict } from '../core/check.js';
import { probePostgres, type PgFailure, type PgProbe, type PgTarget } from '../probes/postgres.js';
import { backendCommand, composeCommand, effectiveEnv, hostReachableUrl, startDatabaseFix } from './support.js';
import { commandOf } from '../backends/index.js';

declare module '../core/check.js' {
  interface CheckDataMap {
    /** The server reached; or why not, with the target when the URL parsed; none without a URL. */
    db: Sometimes<(PgTarget & { failure?: undefined }) | ({ failure: PgFailure } & Sometimes<PgTarget>)>;
  }
}

/** Guide §6 "Cannot connect to database", each cause told apart with its own fix. */
export const db: Check<'db'> = {
  id: 'db',
  async run(ctx, signal) {
    const { t } = ctx;
    const env = effectiveEnv(ctx);
    const url = env.values.DATABASE_URL;
    if (!url) {
      return { status: 'fail', detail: t('db.noUrl', { file: env.source }), fix: t('db.noUrlFix', { file: env.source }) };
    }
    const probe = await probePostgres(hostReachableUrl(ctx, url, 5432), signal);
    const start = !probe.ok && ['refused', 'other'].includes(probe.failure) ? await startDatabaseFix(ctx, signal) : '';
    return verdictFor(ctx, probe, env.source, start);
  },
};

function verdictFor(ctx: CheckContext, probe: PgProbe, source: string, startFix: string): Verdict<'db'> {
  const { t } = ctx;
  if (probe.ok) {
    const { host, port, user, database } = probe.target;
    return { status: 'ok', detail: t('db.ok', { database, host, port, user, version: probe.serverVersion }), data: { ...probe.target } };
  }
  const target = probe.target;
  const where = target ? `${target.host}:${target.port}` : '?';
  const data = target ? { failure: probe.failure, ...target } : { failure: probe.failure };
  switch (probe.failure) {
    case 'refused':
      return { status: 'fail', detail: t('db.refused', { where }), fix: startFix, data };
    case 'unknown-host':
      return {
        status: 'fail',
        detail: t('db.unknownHost', { host: target?.host ?? '?' }),
        fix: ctx.project.compose?.services[target?.host ?? '']
          ? t('db.serviceHostFix', { host: target!.host, file: source })
          : t('db.unknownHostFix', { file: source }),
        data,
      };
    case 'auth':
      return { status: 'fail', detail: t('db.auth', { user: target?.user ?? '?', where }), fix: t('db.authFix', { file: source, envFile: ctx.project.config.compose.envFile }), data };
    case 'missing-database':
      return { status: 'fail', detail: t('db.missingDatabase', { database: target?.database ?? '?', where }), fix: createDatabaseFix(ctx, target), data };
    case 'timeout':
      return { status: 'fail', detail: t('db.timeout', { where }), fix: t('db.timeoutFix', { where }), data };
    case 'bad-url':
      return { status: 'fail', detail: t('db.badUrl', { file: source }), fix: t('db.noUrlFix', { file: source }), data };
    default:
      return { status: 'fail', detail: t('db.other', { where, message: probe.message }), fix: startFix, data };
  }
}

function createDatabaseFix(ctx: CheckContext, target: PgTarget | undefined): string {
  const database = target?.database ?? 'ecredit';
  const create = commandOf(ctx.project, ctx.backend, 'create');
  if (create) return ctx.t('db.createFix', { command: backendCommand(ctx, create) });
  const command = ctx.mode === 'docker' ? `${composeCommand(ctx)} exec db createdb -U postgres ${database}` : createdbCommand(target);
  return ctx.t('db.createFix', { command });
}

function createdbCommand(target: PgTarget | undefined): string {
  if (!target) return 'createdb ecredit';
  return `createdb -h ${target.host} -p ${target.port} -U ${target.user} ${target.database}`;
}
