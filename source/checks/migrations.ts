import type { Check, CheckContext, Sometimes } from '../core/check.js';
import { profileOf } from '../backends/index.js';
import type { MigrationRow, MigrationSource } from '../migrations/types.js';
import { classifyPgError, withPostgres, type PgFailure } from '../probes/postgres.js';
import { backendCommand, composeCommand, effectiveEnv, hostReachableUrl, shown } from './support.js';
import { backendServices } from '../project/project.js';

export function migrationSource(ctx: Pick<CheckContext, 'project' | 'backend'>): MigrationSource | undefined {
  return profileOf(ctx.backend).migrations(ctx.project);
}

/**
 * `source`'s migrations against the database the judged backend uses (its DATABASE_URL as
 * seen from this machine); the failure when that database cannot be read.
 */
export async function appliedMigrations(ctx: CheckContext, source: MigrationSource, onDisk: string[], signal: AbortSignal): Promise<MigrationRow[] | { failure: PgFailure }> {
  const url = effectiveEnv(ctx).values.DATABASE_URL;
  if (!url) return { failure: 'bad-url' };
  try {
    return await withPostgres(hostReachableUrl(ctx, url, 5432), signal, (client) => source.status(client, onDisk));
  } catch (error) {
    return { failure: classifyPgError(error).failure };
  }
}

declare module '../core/check.js' {
  interface CheckDataMap {
    /** Migration names by state; none when there is no tool, no file or no database to read. */
    migrations: Sometimes<{ tool: string; dir: string; applied: string[]; pending: string[]; fileNotFound: string[] }>;
  }
}

/** Guide §5 "Verificar que todas las migraciones estén aplicadas", by name. */
export const migrations: Check<'migrations'> = {
  id: 'migrations',
  async run(ctx, signal) {
    const { t } = ctx;
    const source = migrationSource(ctx);
    if (!source) {
      return { status: 'warn', detail: t('migrations.noTool', { dir: shown(ctx, ctx.project.backends[ctx.backend].dir) }), fix: t('migrations.noToolFix') };
    }
    const onDisk = await source.onDisk();
    const dir = shown(ctx, source.dir);
    if (onDisk.length === 0) {
      return { status: 'warn', detail: t('migrations.noFiles', { dir, tool: source.tool }), fix: t('migrations.noFilesFix') };
    }
    const rows = await appliedMigrations(ctx, source, onDisk, signal);
    if ('failure' in rows) return { status: 'skip', detail: t('migrations.noDatabase', { reason: t(`pgFailure.${rows.failure}`) }) };
    const names = (state: string) => rows.filter((r) => r.state === state).map((r) => r.name);
    const up = names('up');
    const down = names('down');
    const lost = names('file-not-found');
    const data = { tool: source.tool, dir, applied: up, pending: down, fileNotFound: lost };
    const migrate = migrateCommand(ctx);
    if (down.length > 0) {
      return {
        status: 'warn',
        detail: t('migrations.pending', { count: down.length, names: down.join(', '), applied: up.length, tool: source.tool }),
        fix: t('migrations.pendingFix', { command: migrate }),
        data,
      };
    }
    if (lost.length > 0) {
      return {
        status: 'warn',
        detail: t('migrations.fileNotFound', { count: lost.length, names: lost.join(', ') }),
        fix: t('migrations.fileNotFoundFix', { dir }),
        data,
      };
    }
    return { status: 'ok', detail: t('migrations.ok', { count: up.length, tool: source.tool }), data };
  },
};

/** Guide §2 in development (in the backend's folder), §3 paso 3 in Docker (`compose run --rm` in its service). */
function migrateCommand(ctx: CheckContext): string {
  const command = ctx.project.config.backends[ctx.backend].commands.migrate;
  if (ctx.mode !== 'docker') return backendCommand(ctx, command);
  const service = backendServices(ctx.project, ctx.backend)[0]?.name ?? ctx.project.config.backends[ctx.backend].service;
  return `${composeCommand(ctx)} run --rm ${service} ${command}`;
}
