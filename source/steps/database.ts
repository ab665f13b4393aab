import { composeCommand, effectiveEnv, hostReachableUrl } from '../checks/support.js';
import { runCommand, type CommandRecord } from '../io/run-command.js';
import { probePostgres, withPostgres, parseDatabaseUrl, type PgProbe } from '../probes/postgres.js';
import { probeRedis } from '../probes/redis.js';
import { outcome, preview, type Step, type StepContext, type StepOutcome } from './types.js';
import { engineAnswers, targetDatabaseUrl } from './support.js';
import { backendCommand } from '../checks/support.js';
import { commandOf, profileOf } from '../backends/index.js';
import { deadline } from '../util/deadline.js';

const READY_TIMEOUT_MS = 30_000;

/** Guide §1 paso 4 "Verificar Base de Datos": PostgreSQL (and Redis for Bun) up, the database created. */
export const database: Step = {
  id: 'database',
  async preview(ctx) {
    const { t } = ctx;
    const url = targetDatabaseUrl(ctx);
    if (!url) return preview({ state: 'blocked', blocked: { detail: t('database.noUrl'), fix: t('database.noUrlFix') } });
    const [pg, redisDown, engine] = await Promise.all([probe(ctx, url), redisNeedsStart(ctx), engineAnswers(ctx)]);
    const services = engine ? servicesToStart(ctx, pg, redisDown) : [];
    const commands = startCommands(ctx, pg, services);
    if (pg.ok && !redisDown) return preview({ state: 'up-to-date', lines: [t('database.ready', { database: pg.target.database, host: pg.target.host, port: pg.target.port })] });
    if (!pg.ok && (pg.failure === 'refused' || pg.failure === 'timeout') && !services.includes('db') && !ctx.project.config.database.start) {
      return preview({ state: 'blocked', lines: [], blocked: { detail: t('database.down', { where: where(pg) }), fix: t('database.downFix') } });
    }
    if (!pg.ok && ['auth', 'unknown-host', 'bad-url', 'other'].includes(pg.failure)) {
      return preview({ state: 'blocked', blocked: { detail: t('database.cannotConnect', { where: where(pg), reason: t(`pgFailure.${pg.failure}`) }), fix: t('database.cannotConnectFix') } });
    }
    const creates = !pg.ok && pg.failure === 'missing-database';
    return preview({
      state: 'todo',
      lines: [
        ...(services.length ? [t('database.willStart', { services: services.join(', ') })] : []),
        ...(creates || services.includes('db') ? [t('database.willCreate')] : []),
      ],
      commands: [...commands, createCommand(ctx)],
    });
  },
  async apply(ctx, _answers, emit) {
    const { t } = ctx;
    const url = targetDatabaseUrl(ctx)!;
    const commands: CommandRecord[] = [];
    const onLine = (line: string) => emit({ type: 'line', line });
    const before = await probe(ctx, url);
    const services = (await engineAnswers(ctx)) ? servicesToStart(ctx, before, await redisNeedsStart(ctx)) : [];
    for (const command of startCommands(ctx, before, services)) {
      const up = await runCommand(command, { cwd: ctx.project.root, redact: ctx.redact, onLine, signal: ctx.signal, timeoutMs: READY_TIMEOUT_MS * 4 });
      commands.push(up);
      if (up.exitCode !== 0) return outcome({ status: 'failed', detail: t('database.upFailed', { services: command }), fix: t('database.downFix'), commands });
    }
    emit({ type: 'progress', text: t('database.waiting', { seconds: READY_TIMEOUT_MS / 1000 }) });
    let pg = await probe(ctx, url);
    for (let waited = 0; !pg.ok && (pg.failure === 'refused' || pg.failure === 'timeout') && waited < READY_TIMEOUT_MS; waited += 500) {
      await ctx.sleep(500);
      pg = await probe(ctx, url);
    }
    if (!pg.ok && pg.failure === 'missing-database') {
      const created = await createDatabase(ctx, url, onLine);
      if (created.command) commands.push(created.command);
      if (!created.ok) return outcome({ status: 'failed', detail: t('database.createFailed', { message: created.message }), fix: t('database.cannotConnectFix'), commands });
      pg = await probe(ctx, url);
    }
    if (!pg.ok) return failure(ctx, pg, commands);
    const changed = commands.length > 0;
    return outcome({
      status: changed ? 'done' : 'unchanged',
      detail: t('database.ready', { database: pg.target.database, host: pg.target.host, port: pg.target.port }),
      commands,
    });
  },
};

function probe(ctx: StepContext, url: string): Promise<PgProbe> {
  return probePostgres(url, deadline(ctx.timeoutMs, ctx.signal));
}

/**
 * How to start what is down: `database.start` from backend-switch.yaml for PostgreSQL when
 * it is set, else the compose services (`up -d db redis`) when an engine answers.
 */
function startCommands(ctx: StepContext, pg: PgProbe, services: string[]): string[] {
  const configured = ctx.project.config.database.start;
  const pgDown = !pg.ok && (pg.failure === 'refused' || pg.failure === 'timeout');
  const viaCompose = configured && pgDown ? services.filter((s) => s !== 'db') : services;
  return [...(configured && pgDown ? [configured] : []), ...(viaCompose.length ? [`${composeCommand(ctx.checks())} up -d ${viaCompose.join(' ')}`] : [])];
}

/** `up -d db` when PostgreSQL is down and compose defines `db` (and redis where the target needs it and Redis is down). */
function servicesToStart(ctx: StepContext, pg: PgProbe, redisDown: boolean): string[] {
  const services = ctx.project.compose?.services ?? {};
  const list: string[] = [];
  if (!pg.ok && (pg.failure === 'refused' || pg.failure === 'timeout') && services.db) list.push('db');
  if (redisDown && services.redis) list.push('redis');
  return list;
}

async function redisNeedsStart(ctx: StepContext): Promise<boolean> {
  if (!profileOf(ctx.to).services.includes('redis')) return false;
  const url = effectiveEnv(ctx.checks()).values.REDIS_URL;
  if (!url) return false;
  const result = await probeRedis(hostReachableUrl(ctx.checks(), url, 6379), deadline(ctx.timeoutMs, ctx.signal), ctx.timeoutMs);
  return !result.ok && (result.failure === 'refused' || result.failure === 'timeout');
}

/** Elixir: its `create` command (`mix ecto.create`). Bun has none in the guide: CREATE DATABASE directly. */
function createCommand(ctx: StepContext): string {
  const create = commandOf(ctx.project, ctx.to, 'create');
  if (create) return backendCommand(ctx.checks(), create);
  return `CREATE DATABASE ${parseDatabaseUrl(targetDatabaseUrl(ctx) ?? '')?.database ?? '?'}`;
}

export async function createDatabase(ctx: StepContext, url: string, onLine: (line: string) => void): Promise<{ ok: boolean; message: string; command?: CommandRecord }> {
  const create = commandOf(ctx.project, ctx.to, 'create');
  if (create) {
    const command = await runCommand(create, { cwd: ctx.project.backends[ctx.to].dir, env: ctx.commandEnv(ctx.to), redact: ctx.redact, onLine, signal: ctx.signal });
    return { ok: command.exitCode === 0, message: command.tail.slice(-2).join(' / '), command };
  }
  const target = parseDatabaseUrl(url)!;
  const admin = new URL(url.replace(/^ecto:/i, 'postgres:'));
  admin.pathname = '/postgres';
  try {
    await withPostgres(admin.toString(), deadline(ctx.timeoutMs, ctx.signal), (client) =>
      client.query(`CREATE DATABASE "${target.database.replace(/"/g, '""')}"`),
    );
    onLine(`CREATE DATABASE ${target.database}`);
    return { ok: true, message: '' };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

function where(pg: PgProbe): string {
  return pg.target ? `${pg.target.host}:${pg.target.port}` : '?';
}

function failure(ctx: StepContext, pg: Extract<PgProbe, { ok: false }>, commands: CommandRecord[]): StepOutcome {
  return outcome({
    status: 'failed',
    detail: ctx.t('database.cannotConnect', { where: where(pg), reason: ctx.t(`pgFailure.${pg.failure}`) }),
    fix: ctx.t('database.cannotConnectFix'),
    commands,
  });
}
