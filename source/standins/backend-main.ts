/**
 * A stand-in for the real backends (Bun and Phoenix cannot be installed here), run as a
 * Node process from the backend's folder:
 *
 *   node dist/standins/backend-main.js <bun|elixir> <serve|migrate|seed|create|test>
 *
 * serve: /health, CORS for FRONTEND_URL (exact origin, credentials), POST /api/auth/login,
 * and the realtime protocol of that backend (a real Socket.IO server, or the Phoenix
 * Channels stand-in) on PORT. migrate: records migrations exactly where the real tools do
 * (`schema_migrations` for Ecto, drizzle's journal table for Bun), running drizzle's SQL.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { parse } from 'dotenv';
import pg from 'pg';
import { attachPhoenixSocket } from './phoenix-channels.js';

type Backend = 'bun' | 'elixir';

/** What each backend's dependency command says when there is nothing to fetch. */
const DEPS_SAY: Record<Backend, string> = {
  elixir: 'All dependencies are up to date (stand-in for mix deps.get)',
  bun: 'Checked 0 installs across 0 packages, no changes (stand-in for bun install)',
};

const DEMO_USER = { email: 'demo@ecredit.test', password: 'demo1234' };

async function main(): Promise<number> {
  const [backend, action] = process.argv.slice(2) as [Backend, string];
  if (!['bun', 'elixir'].includes(backend)) return usage();
  const env = { ...(existsSync('.env') ? parse(readFileSync('.env')) : {}), ...process.env } as Record<string, string | undefined>;
  switch (action) {
    case 'serve':
      return serve(backend, env);
    case 'migrate':
      return withDatabase(env, (client) => (backend === 'elixir' ? migrateEcto(client) : migrateDrizzle(client)));
    case 'seed':
      return withDatabase(env, seed);
    case 'create':
      return create(env);
    case 'deps':
      console.log(DEPS_SAY[backend]);
      return 0;
    case 'test':
      console.log(`${backend === 'elixir' ? 'Finished in 0.1 seconds\n' : ''}3 tests, 0 failures`);
      return 0;
    default:
      return usage();
  }
}

function usage(): number {
  console.error('usage: backend-main.js <bun|elixir> <serve|migrate|seed|create|test>');
  return 2;
}

async function serve(backend: Backend, env: Record<string, string | undefined>): Promise<number> {
  const port = Number(env.PORT ?? 3000);
  // Re-read on each request, as a dev server that reloads its .env (bun --watch) would.
  const frontend = () => (existsSync('.env') ? parse(readFileSync('.env')).FRONTEND_URL : undefined) ?? env.FRONTEND_URL ?? 'http://localhost:5173';
  const jwtSecret = env.JWT_SECRET ?? '';
  const server = createServer((req, res) => handle(req, res, backend, frontend(), jwtSecret));
  if (backend === 'bun') {
    const { Server } = await import('socket.io');
    const io = new Server(server, { cors: { origin: (origin, callback) => callback(null, origin === frontend()), credentials: true } });
    io.on('connection', (socket) => socket.emit('hello', { backend }));
  } else {
    await attachPhoenixSocket(server, { path: '/ws', checkOrigin: () => [frontend()], topics: ['credit:*', 'user:*'] });
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, env.HOST ?? '127.0.0.1', () => resolve());
  });
  console.log(`[info] ${backend} stand-in listening on http://${env.HOST ?? '127.0.0.1'}:${port} (FRONTEND_URL=${frontend()})`);
  return new Promise((resolve) => {
    const stop = () => {
      console.log('[info] shutting down');
      server.closeAllConnections();
      server.close(() => resolve(0));
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}

function handle(req: IncomingMessage, res: ServerResponse, backend: Backend, frontend: string, jwtSecret: string): void {
  const origin = req.headers.origin;
  if (origin === frontend) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('access-control-allow-credentials', 'true');
    res.setHeader('vary', 'Origin');
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (req.method === 'OPTIONS') {
    if (origin === frontend) {
      res.setHeader('access-control-allow-methods', 'GET,POST,PUT,PATCH,DELETE,OPTIONS');
      res.setHeader('access-control-allow-headers', 'authorization,content-type');
      res.setHeader('access-control-max-age', '600');
    }
    res.writeHead(204).end();
    return;
  }
  if (url.pathname === '/health') {
    json(res, 200, { status: 'ok', backend });
    return;
  }
  if (url.pathname === '/api/auth/login' && req.method === 'POST') {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      let credentials: { email?: string; password?: string } = {};
      try {
        credentials = JSON.parse(body || '{}') as typeof credentials;
      } catch {
        json(res, 400, { error: 'invalid JSON' });
        return;
      }
      if (credentials.email === DEMO_USER.email && credentials.password === DEMO_USER.password) {
        json(res, 200, { token: signJwt({ sub: DEMO_USER.email, backend, iat: Math.floor(Date.now() / 1000) }, jwtSecret) });
      } else {
        json(res, 401, { error: 'invalid credentials' });
      }
    });
    return;
  }
  if (url.pathname === '/api/credit-applications' && req.method === 'POST') {
    // As the real backends: only a user holding a token this backend's JWT_SECRET signed.
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token || !verifiesWith(token, jwtSecret)) return void json(res, 401, { error: 'unauthorized' });
    req.resume().on('end', () => json(res, 201, { id: (applications += 1), status: 'submitted', backend }));
    return;
  }
  json(res, 404, { error: 'not found' });
}

let applications = 0;

function verifiesWith(token: string, secret: string): boolean {
  const [header, payload, signature] = token.split('.');
  if (!header || !payload || !signature) return false;
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  return expected.length === signature.length && timingSafeEqual(Buffer.from(expected), Buffer.from(signature));
}

/** An HS256 JWT, as both real backends issue them, signed with the JWT_SECRET it started with. */
function signJwt(payload: Record<string, unknown>, secret: string): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(payload)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function withDatabase(env: Record<string, string | undefined>, work: (client: pg.Client) => Promise<void>): Promise<number> {
  const url = env.DATABASE_URL;
  if (!url) {
    console.error('** (RuntimeError) DATABASE_URL is not set');
    return 1;
  }
  const client = new pg.Client({ connectionString: url.replace(/^ecto:/i, 'postgres:') });
  try {
    await client.connect();
    await work(client);
    return 0;
  } catch (error) {
    console.error(`** (DBConnection.ConnectionError) ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Ecto records each applied version in schema_migrations (the Elixir itself cannot run here). */
async function migrateEcto(client: pg.Client): Promise<void> {
  const dir = 'priv/repo/migrations';
  await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version bigint PRIMARY KEY, inserted_at timestamp(0))');
  const applied = new Set((await client.query<{ v: string }>('SELECT version::text AS v FROM schema_migrations')).rows.map((r) => r.v));
  const files = readdirSync(dir).filter((f) => /^\d+_\w+\.exs$/.test(f)).sort();
  let count = 0;
  for (const file of files) {
    const version = BigInt(file.split('_')[0]!).toString();
    if (applied.has(version)) continue;
    console.log(`[info] == Running ${version} ${file.replace(/\.exs$/, '')} forward`);
    await client.query('INSERT INTO schema_migrations (version, inserted_at) VALUES ($1, now())', [version]);
    count += 1;
  }
  console.log(count ? `[info] == Migrated ${count} migrations` : '[info] Migrations already up');
}

/** drizzle-kit migrate: runs each new journal entry's SQL, then records its hash and `when`. */
async function migrateDrizzle(client: pg.Client): Promise<void> {
  const journal = JSON.parse(readFileSync(join('drizzle', 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string; when: number }[] };
  await client.query('CREATE SCHEMA IF NOT EXISTS drizzle');
  await client.query('CREATE TABLE IF NOT EXISTS drizzle.__drizzle_migrations (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)');
  const newest = Number((await client.query<{ m: string | null }>('SELECT max(created_at)::text AS m FROM drizzle.__drizzle_migrations')).rows[0]?.m ?? -1);
  for (const entry of journal.entries.filter((e) => e.when > newest)) {
    const sql = readFileSync(join('drizzle', `${entry.tag}.sql`), 'utf8');
    for (const statement of sql.split('--> statement-breakpoint')) if (statement.trim()) await client.query(statement);
    await client.query('INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ($1, $2)', [createHash('sha256').update(sql).digest('hex'), entry.when]);
    console.log(`[✓] applied ${entry.tag}`);
  }
  console.log('[✓] migrations applied successfully!');
}

async function seed(client: pg.Client): Promise<void> {
  const exists = (await client.query<{ t: string | null }>("SELECT to_regclass('public.users')::text AS t")).rows[0]?.t;
  if (!exists) {
    console.log('[info] no users table yet: nothing to seed');
    return;
  }
  await client.query("INSERT INTO users (email, password_hash) VALUES ($1, 'stand-in') ON CONFLICT (email) DO NOTHING", [DEMO_USER.email]);
  console.log(`[info] seeded ${DEMO_USER.email}`);
}

/** `mix ecto.create`: creates the database, or says it exists and exits 0. */
async function create(env: Record<string, string | undefined>): Promise<number> {
  const url = new URL((env.DATABASE_URL ?? '').replace(/^ecto:/i, 'postgres:'));
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  return withDatabase({ DATABASE_URL: url.toString() }, async (client) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) {
      console.log(`The database for Ecredit.Repo has already been created`);
      return;
    }
    await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    console.log(`The database for Ecredit.Repo has been created`);
  });
}

process.exitCode = await main();
