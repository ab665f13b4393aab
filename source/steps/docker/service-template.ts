import { relative } from 'node:path';
import type { ComposeService } from '../../project/compose.js';
import type { BackendName } from '../../project/config.js';
import type { Project } from '../../project/project.js';

/**
 * Guide §3 paso 1's service for a backend, built from the one it replaces: its ports,
 * its FRONTEND_URL and its DATABASE_URL (scheme converted: Ecto takes ecto://, Bun postgres://).
 */
export function serviceTemplate(project: Project, target: BackendName, replaced: ComposeService | undefined, databasePassword: { literal?: string; variable?: string }): Record<string, unknown> {
  const context = `./${relative(project.root, project.backends[target].dir)}`;
  const oldUrl = replaced?.environment.DATABASE_URL ?? `postgres://postgres:\${POSTGRES_PASSWORD}@db:5432/ecredit`;
  let databaseUrl = target === 'elixir' ? oldUrl.replace(/^postgres(ql)?:/i, 'ecto:') : oldUrl.replace(/^ecto:/i, 'postgres:');
  if (databasePassword.literal && databasePassword.variable) databaseUrl = databaseUrl.replace(`:${databasePassword.literal}@`, `:\${${databasePassword.variable}}@`);
  const frontendUrl = replaced?.environment.FRONTEND_URL;
  const environment: Record<string, string> =
    target === 'elixir'
      ? { MIX_ENV: 'prod', DATABASE_URL: databaseUrl, JWT_SECRET: '${JWT_SECRET}', SECRET_KEY_BASE: '${SECRET_KEY_BASE}' }
      : { NODE_ENV: 'production', DATABASE_URL: databaseUrl, REDIS_URL: 'redis://redis:6379', JWT_SECRET: '${JWT_SECRET}' };
  if (frontendUrl) environment.FRONTEND_URL = frontendUrl;
  return {
    build: { context, dockerfile: 'Dockerfile' },
    ports: replaced?.ports.length ? replaced.ports : [`${project.config.ports.api}:3000`],
    environment,
    depends_on: target === 'elixir' ? ['db'] : ['db', 'redis'],
  };
}

/** The password written literally in a compose DATABASE_URL (`postgres://u:secret@db/…`), if any. */
export function literalPassword(url: string | null | undefined): string | undefined {
  const password = url ? /^[a-z]+:\/\/[^:/@]*:([^@/]+)@/i.exec(url)?.[1] : undefined;
  return password && !password.includes('${') && !password.startsWith('$') ? password : undefined;
}
