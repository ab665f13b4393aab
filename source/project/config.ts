import { existsSync } from 'node:fs';
import { readProjectFile } from './read-file.js';
import { join } from 'node:path';
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import * as z from 'zod/mini';
import { UsageError } from '../util/errors.js';
import { describeYamlError, yamlToData } from './yaml-error.js';

export const BACKENDS = ['bun', 'elixir'] as const;
export type BackendName = (typeof BACKENDS)[number];
export type Mode = 'dev' | 'docker';
export const CONFIG_FILE = 'backend-switch.yaml';

const port = z.int().check(z.gte(1), z.lte(65535));
const text = z.string().check(z.minLength(1));
const url = z.url({ protocol: /^https?$/ });
const optional = <T extends z.ZodMiniType>(type: T) => z.optional(type);
const some = <T extends z.ZodMiniObject>(type: T) => z.partial(type);

const bunMigrations = z.strictObject({
  tool: optional(z.enum(['drizzle', 'node-pg-migrate', 'kysely'])),
  dir: optional(text),
  table: optional(text),
});

// zod/mini: the same checks and issues as zod, at a fraction of the start-up cost.
const schema = some(z.strictObject({
  mode: z.enum(['dev', 'docker']),
  ports: some(z.strictObject({ api: port, frontend: port, postgres: port, redis: port })),
  urls: some(z.strictObject({ api: url, frontend: url })),
  compose: some(z.strictObject({ file: text, envFile: text, command: text, project: text })),
  frontend: some(z.strictObject({ dir: text, envFile: text, dockerfile: text })),
  backends: some(z.strictObject({
    bun: some(z.strictObject({
      dir: text, envFile: text, service: text, websocket: text, jobsSchema: text,
      socketToken: z.enum(['auth', 'query', 'header']),
      migrations: bunMigrations,
      commands: some(z.strictObject({ deps: text, migrate: text, start: text, test: text })),
    })),
    elixir: some(z.strictObject({
      dir: text, envFile: text, service: text, websocket: text, migrationsDir: text,
      topic: z.nullable(text),
      commands: some(z.strictObject({
        deps: text, create: text, migrate: text, seed: text, start: text, test: text,
      })),
    })),
  })),
  database: some(z.strictObject({ start: text })),
  rehearse: some(z.strictObject({ enabled: z.boolean(), maxBytes: z.int().check(z.gte(0)) })),
  health: text,
  smoke: some(z.strictObject({
    loginPath: text, emailEnv: text, passwordEnv: text, webhookPath: z.nullable(text),
    applicationPath: z.nullable(text), applicationBody: text,
  })),
}));

export const DEFAULT_CONFIG = {
  mode: undefined as Mode | undefined,
  ports: { api: 3000, frontend: 5173, postgres: 5432, redis: 6379 },
  urls: { api: 'http://localhost:3000', frontend: 'http://localhost:5173' },
  compose: {
    file: undefined as string | undefined, // first of COMPOSE_FILES that exists
    envFile: '.env.docker',
    command: 'docker compose',
    project: undefined as string | undefined,
  },
  frontend: { dir: 'apps/frontend', envFile: '.env.local', dockerfile: 'Dockerfile' },
  backends: {
    bun: {
      dir: 'apps/backend',
      envFile: '.env',
      service: 'backend',
      websocket: '/socket.io/',
      /** Where the frontend puts the user's token: `auth: { token }`, `?token=`, or `Authorization: Bearer`. */
      socketToken: 'auth' as 'auth' | 'query' | 'header',
      jobsSchema: 'pgboss',
      migrations: {} as z.infer<typeof bunMigrations>,
      commands: { deps: 'bun install', migrate: 'bun run db:migrate', start: 'bun run dev', test: 'bun test' },
    },
    elixir: {
      dir: 'apps/backend-ex',
      envFile: '.env',
      service: 'backend-ex',
      websocket: '/ws',
      /** A Phoenix Channels topic the ws check joins after the heartbeat (none: no join). */
      topic: null as string | null,
      migrationsDir: 'priv/repo/migrations',
      commands: {
        deps: 'mix deps.get',
        create: 'mix ecto.create',
        migrate: 'mix ecto.migrate',
        seed: 'mix run priv/repo/seeds.exs',
        start: 'mix phx.server',
        test: 'mix test',
      },
    },
  },
  /** How to start PostgreSQL when it is down; default: `<compose> up -d db` when compose defines db. */
  database: { start: undefined as string | undefined },
  /** Rehearse the target's migrations on a scratch copy of the database before the switch. */
  rehearse: { enabled: true, maxBytes: 512 * 1024 * 1024 },
  health: '/health',
  smoke: {
    loginPath: '/api/auth/login',
    emailEnv: 'SMOKE_EMAIL',
    passwordEnv: 'SMOKE_PASSWORD',
    webhookPath: null as string | null,
    /** Where the logged-in smoke user creates a test credit application (guide §5); none: a person is asked. */
    applicationPath: null as string | null,
    /** Its JSON body. */
    applicationBody: '{"amountCents": 100}',
  },
};
export type Config = typeof DEFAULT_CONFIG;

export const COMPOSE_FILES = ['docker-compose.yml', 'docker-compose.yaml', 'compose.yaml', 'compose.yml'];

export interface LoadedConfig {
  config: Config;
  file?: string;
}

export function loadConfig(root: string): LoadedConfig {
  const file = join(root, CONFIG_FILE);
  if (!existsSync(file)) return { config: structuredClone(DEFAULT_CONFIG) };
  const source = readProjectFile(file, root);
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false });
  const syntaxError = doc.errors[0];
  if (syntaxError) {
    throw new UsageError(
      describeYamlError(CONFIG_FILE, syntaxError, lineCounter),
      { key: 'err.configYamlFix', params: { file: CONFIG_FILE } },
    );
  }
  const raw: unknown = yamlToData(doc, CONFIG_FILE) ?? {};
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw configError(parsed.error.issues[0]!, doc, lineCounter);
  return { config: merge(structuredClone(DEFAULT_CONFIG), parsed.data), file };
}

function configError(issue: z.core.$ZodIssue, doc: Document, lines: LineCounter): UsageError {
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    const keyPath = [...path, key].join('.');
    const line = keyLine(doc, path, key, lines);
    return new UsageError(
      { key: 'err.unknownKey', params: { file: `${CONFIG_FILE}${line ? `:${line}` : ''}`, key: keyPath } },
      { key: 'err.unknownKeyFix', params: { keys: allowedKeys(path).join(', ') } },
    );
  }
  const line = valueLine(doc, path, lines);
  return new UsageError(
    { key: 'err.badValue', params: { file: `${CONFIG_FILE}${line ? `:${line}` : ''}`, key: path.join('.'), expected: expectation(issue) } },
    { key: 'err.badValueFix', params: { key: path.join('.'), expected: expectation(issue) } },
  );
}

function expectation(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'too_small':
      return issue.origin === 'string' ? 'expected a non-empty string' : `expected a number of at least ${issue.minimum}`;
    case 'too_big':
      return `expected a number of at most ${issue.maximum}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      return 'expected an http:// or https:// URL';
    default:
      return issue.message;
  }
}

function allowedKeys(path: string[]): string[] {
  let type = unwrap(schema);
  for (const key of path) type = unwrap(type?.def.shape?.[key]);
  return type?.def.shape ? Object.keys(type.def.shape) : [];
}

type SchemaNode = { def: { shape?: Record<string, unknown>; innerType?: unknown } };

/** Through optional/nullable wrappers to the object whose keys are allowed. */
function unwrap(type: unknown): SchemaNode | undefined {
  let current = type as SchemaNode | undefined;
  while (current && !current.def.shape && current.def.innerType) current = current.def.innerType as SchemaNode;
  return current;
}

function valueLine(doc: Document, path: string[], lines: LineCounter): number | undefined {
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const node = doc.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}

function keyLine(doc: Document, path: string[], key: string, lines: LineCounter): number | undefined {
  const parent = path.length ? doc.getIn(path, true) : doc.contents;
  if (isMap(parent)) {
    for (const pair of parent.items) {
      if (isPair(pair) && isScalar(pair.key) && pair.key.value === key && pair.key.range) {
        return lines.linePos(pair.key.range[0]).line;
      }
    }
  }
  return valueLine(doc, path, lines);
}

function merge<T>(base: T, override: unknown): T {
  if (!isPlainObject(base) || !isPlainObject(override)) return (override === undefined ? base : override) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    out[key] = key in out ? merge(out[key], value) : value;
  }
  return out as T;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

