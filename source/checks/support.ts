import type { CheckContext } from '../core/check.js';
import { interpolate } from '../project/compose.js';
import { backendServices, composeFileFlag } from '../project/project.js';
import { readEnvFile, type EnvIssue } from '../project/env-file.js';
import { displayPath } from '../util/paths.js';
import { shellCommand } from '../backends/index.js';
import { apiPortOwner, identifyBackend } from '../backends/active.js';
import { composeProjectName, type ComposeService } from '../project/compose.js';
import { shellWord } from '../util/shell.js';
import { defaultDockerSocket, probeDocker } from '../probes/docker.js';

export function shown(ctx: CheckContext, path: string): string {
  return displayPath(ctx.project.root, path);
}

/** `docker compose --env-file .env.docker` as configured. */
export function composeCommand(ctx: CheckContext): string {
  const { command, envFile, project } = ctx.project.config.compose;
  const file = composeFileFlag(ctx.project);
  const words = [command];
  // A compose file compose would not find by itself, and a project name of the config's, go on every command.
  if (file) words.push('-f', shellWord(file));
  if (project) words.push('-p', shellWord(project));
  words.push('--env-file', shellWord(envFile));
  return words.join(' ');
}

/** The judged backend's command as a person pastes it from the monorepo root. */
export function backendCommand(ctx: CheckContext, command: string): string {
  return shellCommand(ctx.project, ctx.backend, command);
}

export interface EffectiveEnv {
  values: Record<string, string | undefined>;
  /** Where the values come from, as the user should read it. */
  source: string;
  exists: boolean;
  /** Keys set twice, invisible characters: in the file the values come from. */
  issues: EnvIssue[];
}

/** A service's env_file values, read once per compose file read (doctor's checks each ask). */
const envFileCache = new WeakMap<ComposeService, Record<string, string>>();
function envFileValues(service: ComposeService, root: string): Record<string, string> {
  let values = envFileCache.get(service);
  if (!values) {
    values = Object.assign({}, ...service.envFiles.map((file) => readEnvFile(file.path, root).values)) as Record<string, string>;
    envFileCache.set(service, values);
  }
  return values;
}

/**
 * The environment the judged backend runs with: its `.env` in development; in Docker mode
 * its compose service's `environment`, interpolated from the compose env file.
 */
export function effectiveEnv(ctx: CheckContext): EffectiveEnv {
  const backend = ctx.project.backends[ctx.backend];
  if (ctx.mode === 'docker') {
    const service = backendServices(ctx.project, ctx.backend)[0];
    if (service && ctx.project.compose) {
      const vars = { ...process.env, ...ctx.project.composeEnv.values };
      // env_file first, as compose reads it; `environment` wins over it.
      const values: Record<string, string | undefined> = { ...envFileValues(service, ctx.project.root) };
      for (const [key, value] of Object.entries(service.environment)) {
        values[key] = value === null ? vars[key] : interpolate(value, vars);
      }
      return { values, source: `${shown(ctx, ctx.project.compose.path)} (${service.name})`, exists: true, issues: ctx.project.composeEnv.issues };
    }
  }
  return { values: backend.env.values, source: shown(ctx, backend.envFile), exists: backend.env.exists, issues: backend.env.issues };
}

/**
 * A service URL as seen from this machine. In Docker mode `postgres://…@db:5432/…` or
 * `redis://redis:6379` name compose services; from the host they are the ports those
 * services publish on 127.0.0.1. `ecto://` is read as `postgres://`.
 */
export function hostReachableUrl(ctx: CheckContext, url: string, defaultPort: number): string {
  if (ctx.mode !== 'docker' || !ctx.project.compose) return url;
  try {
    const parsed = new URL(url.replace(/^ecto:/i, 'postgres:'));
    const service = ctx.project.compose.services[parsed.hostname];
    if (!service) return url;
    const containerPort = parsed.port || String(defaultPort);
    const published = service.ports
      .map((p) => /^(?:[\d.]+:)?(\d+):(\d+)/.exec(p))
      .find((m) => m?.[2] === containerPort)?.[1];
    if (!published) return url;
    parsed.hostname = '127.0.0.1';
    parsed.port = published;
    return parsed.toString();
  } catch {
    return url;
  }
}

export function isLocalHost(hostname: string): boolean {
  return ['localhost', '127.0.0.1', '::1', '[::1]', '0.0.0.0'].includes(hostname);
}

/**
 * When the API answers but badly: is it the judged backend that answers? A fix that says
 * "configure the backend" is wrong when another process holds the port. Undefined: the API
 * is not on this machine, or nothing local listens (nothing to say).
 */
export async function strangerOnApiPort(ctx: CheckContext): Promise<string | undefined> {
  const api = new URL(ctx.apiUrl);
  if (!isLocalHost(api.hostname)) return undefined;
  const owner = await apiPortOwner(ctx.apiUrl);
  if (!owner.listening || owner.kind === 'docker') return undefined;
  const who = await identifyBackend(ctx.project, owner, ctx.apiUrl, ctx.timeoutMs);
  if (who?.backend === ctx.backend) return undefined;
  return ctx.t('port.notTheBackendFix', { port: owner.port, pid: owner.pid ?? '?', backend: ctx.backend, command: backendCommand(ctx, ctx.project.config.backends[ctx.backend].commands.start) });
}

/** How to start PostgreSQL here: `database.start` from backend-switch.yaml, else compose's `db` when an engine answers; else what is missing. */
export async function startDatabaseFix(ctx: CheckContext, signal: AbortSignal): Promise<string> {
  const configured = ctx.project.config.database.start;
  if (configured) return ctx.t('db.refusedFix', { command: configured });
  if (!ctx.project.compose?.services.db) return ctx.t('db.startYourselfFix');
  const project = composeProjectName(ctx.project.compose, ctx.project.config.compose.project);
  const engine = await probeDocker(ctx.dockerSocket ?? defaultDockerSocket(), project, signal);
  if (!engine.ok) return ctx.t('db.noEngineFix', { socket: engine.socketPath });
  return ctx.t('db.refusedFix', { command: `${composeCommand(ctx)} up -d db` });
}
