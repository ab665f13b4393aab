import { dirname, relative } from 'node:path';
import type { ComposeService } from '../../project/compose.js';
import { BACKENDS, type BackendName } from '../../project/config.js';
import type { Project } from '../../project/project.js';
import { profileOf } from '../../backends/index.js';

/**
 * Guide §3 paso 1's service for a backend, built from the one it replaces: its ports,
 * its FRONTEND_URL and its DATABASE_URL (scheme converted: Ecto takes ecto://, Bun postgres://).
 */
export function serviceTemplate(project: Project, target: BackendName, replaced: ComposeService | undefined, databasePassword: { literal?: string; variable?: string }): Record<string, unknown> {
  const context = `./${relative(project.root, project.backends[target].dir)}`;
  const oldUrl = replaced?.environment.DATABASE_URL ?? `postgres://postgres:\${POSTGRES_PASSWORD}@db:5432/ecredit`;
  const profile = profileOf(target);
  let databaseUrl = oldUrl.replace(/^(postgres(ql)?|ecto):/i, `${profile.databaseScheme}:`);
  if (databasePassword.literal && databasePassword.variable) databaseUrl = databaseUrl.replace(`:${databasePassword.literal}@`, `:\${${databasePassword.variable}}@`);
  const frontendUrl = replaced?.environment.FRONTEND_URL;
  const environment: Record<string, string> = { DATABASE_URL: databaseUrl, JWT_SECRET: '${JWT_SECRET}', ...profile.composeEnvironment };
  if (frontendUrl) environment.FRONTEND_URL = frontendUrl;
  const envFiles = sharedEnvFiles(project, replaced);
  return {
    build: { context, dockerfile: 'Dockerfile' },
    ports: replaced?.ports.length ? replaced.ports : [`${project.config.ports.api}:3000`],
    ...(envFiles.length ? { env_file: envFiles } : {}),
    environment,
    depends_on: dependsOn(project, profile.services),
  };
}

/**
 * The replaced service's `env_file` entries the new one keeps: shared files (`.env.docker` at
 * the root), not those in the old backend's own folder. As compose paths: relative to the
 * compose file, as written.
 */
function sharedEnvFiles(project: Project, replaced: ComposeService | undefined): string[] {
  if (!replaced || !project.compose) return [];
  const base = dirname(project.compose.path);
  const own = BACKENDS.map((b) => project.backends[b].dir);
  return replaced.envFiles
    .filter((file) => !own.some((dir) => !relative(dir, file.path).startsWith('..')))
    .map((file) => {
      const path = relative(base, file.path);
      return path.startsWith('.') ? path : `./${path}`;
    });
}

/**
 * `depends_on` as guide §3 writes it (`[db]`), unless a needed service has a healthcheck: then
 * compose waits for it to be healthy. Without that, `compose run --rm` (the migrations) and
 * `up` start the backend the moment PostgreSQL's container starts, before it accepts
 * connections, and a backend that connects at start fails.
 */
function dependsOn(project: Project, needed: readonly string[]): string[] | Record<string, { condition: string }> {
  const services = project.compose?.services ?? {};
  if (!needed.some((name) => services[name]?.healthcheck)) return [...needed];
  return Object.fromEntries(needed.map((name) => [name, { condition: services[name]?.healthcheck ? 'service_healthy' : 'service_started' }]));
}

/** The password written literally in a compose DATABASE_URL (`postgres://u:secret@db/…`), if any. */
export function literalPassword(url: string | null | undefined): string | undefined {
  const password = url ? /^[a-z]+:\/\/[^:/@]*:([^@/]+)@/i.exec(url)?.[1] : undefined;
  return password && !password.includes('${') && !password.startsWith('$') ? password : undefined;
}
