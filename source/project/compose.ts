import { existsSync } from 'node:fs';
import { readProjectFile } from './read-file.js';
import { basename, dirname, resolve } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { UsageError } from '../util/errors.js';
import { displayPath } from '../util/paths.js';
import { describeYamlError, yamlToData } from './yaml-error.js';

export interface ComposeService {
  name: string;
  /** Absolute build context, when the service builds from source. */
  buildContext?: string;
  image?: string;
  environment: Record<string, string | null>;
  /** Its `env_file` entries, absolute, in order (a later file's value wins; `environment` wins over all). */
  envFiles: { path: string; required: boolean }[];
  dependsOn: string[];
  ports: string[];
  profiles: string[];
  /** It defines a `healthcheck` (not disabled): `depends_on` can wait for `service_healthy`. */
  healthcheck: boolean;
}

export interface ComposeFile {
  path: string;
  source: string;
  doc: Document;
  /** Top-level `name:`, used as the compose project name. */
  name?: string;
  services: Record<string, ComposeService>;
}

export function readComposeFile(path: string, root: string): ComposeFile {
  return parseComposeText(readProjectFile(path, root), path, root);
}

/** The compose model of `source` as if it were the file at `path` (validates an edit before it is written). */
export function parseComposeText(source: string, path: string, root: string): ComposeFile {
  const shown = displayPath(root, path);
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, merge: true, prettyErrors: false });
  const error = doc.errors[0];
  if (error) {
    throw new UsageError(
      describeYamlError(shown, error, lineCounter),
      { key: 'err.composeYamlFix', params: { file: shown } },
    );
  }
  const data = yamlToData(doc, shown, 1000);
  if (!isRecord(data) || !isRecord(data.services)) {
    throw new UsageError(
      { key: 'err.composeNoServices', params: { file: shown } },
      { key: 'err.composeNoServicesFix' },
    );
  }
  if (Object.keys(data.services).length > MAX_SERVICES) {
    throw new UsageError({ key: 'err.composeTooMany', params: { file: shown, count: Object.keys(data.services).length, limit: MAX_SERVICES } }, { key: 'err.fileTooLargeFix', params: { file: shown } });
  }
  const services: Record<string, ComposeService> = {};
  for (const [name, raw] of Object.entries(data.services)) {
    services[name] = normalizeService(name, isRecord(raw) ? raw : {}, dirname(path));
  }
  return {
    path,
    source,
    doc,
    ...(typeof data.name === 'string' ? { name: data.name } : {}),
    services,
  };
}

/**
 * The override file compose merges into `composePath` when it reads it by default
 * (`docker-compose.override.yml` beside `docker-compose.yml`, `compose.override.yaml` beside
 * `compose.yaml`, either extension), if there is one.
 */
export function overrideFileOf(composePath: string): string | undefined {
  const base = basename(composePath).replace(/\.ya?ml$/, '');
  return ['yml', 'yaml'].map((ext) => resolve(dirname(composePath), `${base}.override.${ext}`)).find((file) => existsSync(file));
}

export function findComposeFile(root: string, candidates: string[]): string | undefined {
  return candidates.map((file) => resolve(root, file)).find((file) => existsSync(file));
}

/** More services than any real stack runs: past it, refuse rather than crawl. */
const MAX_SERVICES = 500;

/** The project name docker compose uses for labels: COMPOSE_PROJECT_NAME, `name:`, else the folder. */
export function composeProjectName(compose: ComposeFile, explicit?: string): string {
  const name = explicit ?? process.env.COMPOSE_PROJECT_NAME ?? compose.name ?? basename(dirname(compose.path));
  return name.toLowerCase().replace(/[^a-z0-9_-]/g, '');
}

function normalizeService(name: string, raw: Record<string, unknown>, base: string): ComposeService {
  const build = raw.build;
  const context = typeof build === 'string' ? build : isRecord(build) && typeof build.context === 'string' ? build.context : undefined;
  return {
    name,
    ...(context ? { buildContext: resolve(base, context) } : {}),
    ...(typeof raw.image === 'string' ? { image: raw.image } : {}),
    environment: normalizeEnvironment(raw.environment),
    envFiles: normalizeEnvFiles(raw.env_file, base),
    dependsOn: Array.isArray(raw.depends_on)
      ? raw.depends_on.map(String)
      : isRecord(raw.depends_on) ? Object.keys(raw.depends_on) : [],
    ports: Array.isArray(raw.ports) ? raw.ports.map((p) => (isRecord(p) ? `${p.published}:${p.target}` : String(p))) : [],
    profiles: Array.isArray(raw.profiles) ? raw.profiles.map(String) : [],
    healthcheck: isRecord(raw.healthcheck) && raw.healthcheck.disable !== true,
  };
}

/** `env_file: a.env`, `[a.env, b.env]` or `[{ path: a.env, required: false }]`. */
function normalizeEnvFiles(raw: unknown, base: string): { path: string; required: boolean }[] {
  const entries = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw];
  return entries.flatMap((entry) => {
    if (typeof entry === 'string') return [{ path: resolve(base, entry), required: true }];
    if (isRecord(entry) && typeof entry.path === 'string') return [{ path: resolve(base, entry.path), required: entry.required !== false }];
    return [];
  });
}

function normalizeEnvironment(raw: unknown): Record<string, string | null> {
  const env: Record<string, string | null> = {};
  if (Array.isArray(raw)) {
    for (const entry of raw.map(String)) {
      const eq = entry.indexOf('=');
      if (eq === -1) env[entry] = null;
      else env[entry.slice(0, eq)] = entry.slice(eq + 1);
    }
  } else if (isRecord(raw)) {
    for (const [key, value] of Object.entries(raw)) env[key] = value === null || value === undefined ? null : String(value);
  }
  return env;
}

/** The variables a compose value refers to: `${VAR}`, `${VAR:-default}`, `$VAR`; `$$` is a literal `$`. */
export function referencedVariables(value: string): { name: string; hasDefault: boolean }[] {
  const refs: { name: string; hasDefault: boolean }[] = [];
  const pattern = /\$(\$|\{([A-Za-z_][A-Za-z0-9_]*)(:?[-?+][^}]*)?\}|([A-Za-z_][A-Za-z0-9_]*))/g;
  for (const match of value.matchAll(pattern)) {
    if (match[1] === '$') continue;
    const name = match[2] ?? match[4];
    if (name) refs.push({ name, hasDefault: Boolean(match[3]?.match(/^:?-/)) });
  }
  return refs;
}

/** Compose interpolation of one value against the env file's variables. */
export function interpolate(value: string, vars: Record<string, string | undefined>): string {
  return value.replace(
    /\$(\$|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (_whole, dollar: string, braced?: string, colon?: string, op?: string, arg?: string, bare?: string) => {
      if (dollar === '$') return '$';
      const name = (braced ?? bare)!;
      const current = vars[name];
      const unset = current === undefined || (colon === ':' && current === '');
      if (op === '-') return unset ? (arg ?? '') : current!;
      if (op === '+') return unset ? '' : (arg ?? '');
      return current ?? '';
    },
  );
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
