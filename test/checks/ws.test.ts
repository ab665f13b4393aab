import { createHmac, timingSafeEqual } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Server as SocketIoServer, type ServerOptions, type Socket as ServerSocket } from 'socket.io';
import { describe, expect, it } from 'vitest';
import { socketIoClient, ws } from '../../source/checks/ws.js';
import { env } from '../../source/checks/env.js';
import { cors } from '../../source/checks/cors.js';
import { editEnv } from '../helpers/env-files.js';
import { attachPhoenixSocket, type PhoenixSocketOptions } from '../../source/standins/phoenix-channels.js';
import { contextFor, neverAborted } from '../helpers/context.js';
import { copyFixture } from '../helpers/fixture.js';
import { closedPort, closeServer, onClose } from '../helpers/servers.js';

const ORIGIN = 'http://localhost:5173';

async function listen(server: HttpServer): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The fixture's smoke user (SMOKE_EMAIL / SMOKE_PASSWORD in its backends' .env). */
const SMOKE = { email: 'demo@ecredit.test', password: 'demo1234' };
const SECRET = 'the-secret-both-backends-share';

/** An HS256 JWT as both real backends issue them (node:crypto HMAC). */
function signJwt(payload: Record<string, unknown>, secret: string): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(payload)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

function verifyJwt(token: unknown, secret: string): boolean {
  if (typeof token !== 'string') return false;
  const [header, payload, signature] = token.split('.');
  if (!header || !payload || !signature) return false;
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** POST /api/auth/login as the app answers it: the smoke user gets `{ token }` signed with `secret`. */
function loginRoute(secret: string | undefined) {
  return (req: IncomingMessage, res: ServerResponse) => {
    if (secret === undefined || req.method !== 'POST' || req.url !== '/api/auth/login') return void res.writeHead(404).end();
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const { email, password } = JSON.parse(body || '{}') as { email?: string; password?: string };
      if (email !== SMOKE.email || password !== SMOKE.password) return void res.writeHead(401).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: signJwt({ sub: '42', email }, secret) }));
    });
  };
}

type TokenPlace = 'auth' | 'query' | 'header';

/** The app's connection middleware: a valid HS256 JWT where the frontend puts it, else `unauthorized`. */
function requireJwt(secret: string, place: TokenPlace = 'auth') {
  return (socket: ServerSocket, next: (error?: Error) => void) => {
    const { auth, query, headers } = socket.handshake;
    const token = place === 'auth' ? (auth as { token?: unknown }).token : place === 'query' ? query.token : /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1];
    if (verifyJwt(token, secret)) next();
    else next(new Error('unauthorized'));
  };
}

interface AppOptions {
  /** The secret the login signs with; none: no login route (404). */
  loginSecret?: string;
  use?: (socket: ServerSocket, next: (error?: Error) => void) => void;
}

/** A real Socket.IO v4 server, as the Bun backend runs it (optionally with its login and a connection middleware). */
async function socketIoBackend(options: Partial<ServerOptions>, app: AppOptions = {}): Promise<string> {
  const http = createServer(loginRoute(app.loginSecret));
  const io = new SocketIoServer(http, options);
  if (app.use) io.use(app.use);
  const url = await listen(http);
  onClose(async () => {
    io.disconnectSockets(true);
    await io.close();
  });
  return url;
}

/** A real Socket.IO 2 server (Engine.IO 3), from the registry's socket.io@2 (the socket.io-v2 alias). */
async function socketIoV2Backend(): Promise<string> {
  const http = createServer((_req, res) => res.writeHead(404).end());
  const createV2 = createRequire(import.meta.url)('socket.io-v2') as (server: HttpServer) => { close(): void };
  const io = createV2(http);
  const url = await listen(http);
  onClose(async () => {
    io.close();
    await closeServer(http);
  });
  return url;
}

/** The frontend declares (and, with `locked`, locks) this socket.io-client. */
function frontendClient(root: string, range: string, locked?: string): void {
  const dir = join(root, 'apps/frontend');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: '@ecredit/frontend', private: true, dependencies: { 'socket.io-client': range } }));
  if (locked) {
    writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({
      lockfileVersion: 3,
      packages: { '': { dependencies: { 'socket.io-client': range } }, 'node_modules/socket.io-client': { version: locked } },
    }));
  }
}

function configure(root: string, yaml: string): void {
  writeFileSync(join(root, 'backend-switch.yaml'), yaml);
}

/** The Phoenix Channels stand-in (Phoenix itself cannot be installed here) behind an HTTP server. */
async function phoenixBackend(checkOrigin: boolean | string[], channels: Pick<PhoenixSocketOptions, 'topics' | 'authorize'> & { loginSecret?: string } = {}): Promise<string> {
  const http = createServer(loginRoute(channels.loginSecret));
  const detach = await attachPhoenixSocket(http, { path: '/ws', checkOrigin, ...(channels.topics ? { topics: channels.topics } : {}), ...(channels.authorize ? { authorize: channels.authorize } : {}) });
  const url = await listen(http);
  onClose(async () => {
    detach();
    await closeServer(http);
  });
  return url;
}

describe('a FRONTEND_URL with a trailing slash, as the app judges it', () => {
  it('Phoenix compares check_origin by scheme, host and port: the ws check passes and env only warns', async () => {
    const root = copyFixture();
    editEnv(root, 'apps/backend-ex/.env', { FRONTEND_URL: `${ORIGIN}/` });
    const apiUrl = await phoenixBackend([`${ORIGIN}/`]);
    const ctx = contextFor(root, { apiUrl, backend: 'elixir', frontendOrigin: ORIGIN });
    expect((await ws.run(ctx, neverAborted())).status).toBe('ok');
    expect((await env.run(ctx, neverAborted())).status).toBe('warn');
  });

  it('a CORS layer that compares the origin as written fails, and its failure names the slash', async () => {
    const root = copyFixture();
    editEnv(root, 'apps/backend/.env', { FRONTEND_URL: `${ORIGIN}/` });
    const api = createServer((_req, res) => res.writeHead(204, { 'access-control-allow-origin': `${ORIGIN}/`, 'access-control-allow-credentials': 'true', 'access-control-allow-headers': 'authorization,content-type' }).end());
    const apiUrl = await listen(api);
    onClose(() => closeServer(api));
    const verdict = await cors.run(contextFor(root, { apiUrl, backend: 'bun', frontendOrigin: ORIGIN }), neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.detail).toContain('FRONTEND_URL ends with a slash');
  });
});

describe('ws check, Bun (Socket.IO)', () => {
  it('is ok when a real Socket.IO server accepts the origin, with the round-trip time', async () => {
    const apiUrl = await socketIoBackend({ cors: { origin: ORIGIN, credentials: true } });
    const verdict = await ws.run(contextFor(copyFixture(), { apiUrl, backend: 'bun', frontendOrigin: ORIGIN }), neverAborted());
    expect(verdict.status).toBe('ok');
    expect(verdict.detail).toMatch(/connected in \d+ ms/);
    expect(verdict.data).toMatchObject({ protocol: 'socket.io', websocket: { connected: true } });
  });

  it('fails when its cors option allows another origin: the browser polling handshake is blocked', async () => {
    const apiUrl = await socketIoBackend({ cors: { origin: 'http://localhost:4000' } });
    const verdict = await ws.run(contextFor(copyFixture(), { apiUrl, backend: 'bun', frontendOrigin: ORIGIN }), neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.detail).toContain('xhr poll error');
    expect(verdict.fix).toContain('FRONTEND_URL=http://localhost:5173 in apps/backend/.env');
  });

  it('fails when the server has no cors option at all (the v3+ default)', async () => {
    const apiUrl = await socketIoBackend({});
    const verdict = await ws.run(contextFor(copyFixture(), { apiUrl, backend: 'bun', frontendOrigin: ORIGIN }), neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.data).toMatchObject({ polling: { cors: { rule: 'allow-origin-missing' } } });
  });

  it('fails when allowRequest refuses the origin (403)', async () => {
    const apiUrl = await socketIoBackend({
      cors: { origin: '*' },
      allowRequest: (req, callback) => callback(null, req.headers.origin === 'http://localhost:4000'),
    });
    const verdict = await ws.run(contextFor(copyFixture(), { apiUrl, backend: 'bun', frontendOrigin: ORIGIN }), neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.detail).toContain('403');
  });

  it('fails with a mismatch hint when the server on the port is Phoenix', async () => {
    const apiUrl = await phoenixBackend(false);
    const verdict = await ws.run(contextFor(copyFixture(), { apiUrl, backend: 'bun', frontendOrigin: ORIGIN }), neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.detail).toContain('does not speak Socket.IO');
  });

  it('fails when the connection middleware refuses, with the server\'s message (the browser\'s connect_error)', async () => {
    const apiUrl = await socketIoBackend({ cors: { origin: ORIGIN } }, { use: (_socket, next) => next(new Error('database unavailable')) });
    const verdict = await ws.run(contextFor(copyFixture(), { apiUrl, backend: 'bun', frontendOrigin: ORIGIN }), neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.detail).toBe('the server refused the Socket.IO connection: "database unavailable" (the browser gets connect_error).');
    expect(verdict.fix).toContain('io.use');
    expect(verdict.data).toMatchObject({ websocket: { connected: false, refused: true, error: 'database unavailable' } });
  });

  it('given a middleware that says "unauthorized" and no login that gives a token, fails naming the JWT problem and the smoke credentials', async () => {
    const apiUrl = await socketIoBackend({ cors: { origin: ORIGIN } }, { use: (_socket, next) => next(new Error('unauthorized')) });
    const verdict = await ws.run(contextFor(copyFixture(), { apiUrl, backend: 'bun', frontendOrigin: ORIGIN }), neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.detail).toContain('"unauthorized"');
    expect(verdict.detail).toContain('JWT');
    expect(verdict.detail).toContain('the smoke login as demo@ecredit.test gave no token (404)');
    expect(verdict.fix).toContain('backend-switch doctor --only jwt');
  });

  it('given a middleware that says "unauthorized" and no smoke credentials, fails and says which variables let the check log in', async () => {
    const root = copyFixture();
    editEnv(root, 'apps/backend/.env', { SMOKE_EMAIL: undefined, SMOKE_PASSWORD: undefined });
    const apiUrl = await socketIoBackend({ cors: { origin: ORIGIN } }, { loginSecret: SECRET, use: requireJwt(SECRET) });
    const verdict = await ws.run(contextFor(root, { apiUrl, backend: 'bun', frontendOrigin: ORIGIN }), neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.detail).toContain("The app connects with the user's token (guide §6: JWT); this probe had none: set SMOKE_EMAIL and SMOKE_PASSWORD (environment or apps/backend/.env)");
    expect(verdict.data).not.toHaveProperty('login');
  });

  it('given the middleware requires a valid JWT, logs in as the smoke user and connects with its token: ok', async () => {
    const apiUrl = await socketIoBackend({ cors: { origin: ORIGIN } }, { loginSecret: SECRET, use: requireJwt(SECRET) });
    const verdict = await ws.run(contextFor(copyFixture(), { apiUrl, backend: 'bun', frontendOrigin: ORIGIN }), neverAborted());
    expect(verdict.status, verdict.detail).toBe('ok');
    expect(verdict.detail).toContain('With the token of the smoke login (demo@ecredit.test).');
    expect(verdict.data).toMatchObject({ login: { email: 'demo@ecredit.test', ok: true, token: true } });
    expect(JSON.stringify(verdict.data)).not.toContain('eyJ'); // the token itself is never kept
  });

  it('given the socket verifies with another secret than the login signs with, fails naming JWT and doctor --only jwt', async () => {
    const apiUrl = await socketIoBackend({ cors: { origin: ORIGIN } }, { loginSecret: SECRET, use: requireJwt('another-secret') });
    const verdict = await ws.run(contextFor(copyFixture(), { apiUrl, backend: 'bun', frontendOrigin: ORIGIN }), neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.detail).toContain('the server refused the Socket.IO connection: "unauthorized"');
    expect(verdict.detail).toContain('rejected the token the smoke login of demo@ecredit.test had just issued (sent as auth): a JWT problem (guide §6)');
    expect(verdict.fix).toContain('JWT_SECRET the same everywhere');
    expect(verdict.fix).toContain('backend-switch doctor --only jwt');
  });

  it.each(['query', 'header'] as const)('puts the token where backends.bun.socketToken says (%s), as the frontend does', async (place) => {
    const root = copyFixture();
    const apiUrl = await socketIoBackend({ cors: { origin: ORIGIN } }, { loginSecret: SECRET, use: requireJwt(SECRET, place) });
    expect((await ws.run(contextFor(root, { apiUrl, backend: 'bun', frontendOrigin: ORIGIN }), neverAborted())).status).toBe('fail');
    configure(root, `backends:\n  bun:\n    socketToken: ${place}\n`);
    const verdict = await ws.run(contextFor(root, { apiUrl, backend: 'bun', frontendOrigin: ORIGIN }), neverAborted());
    expect(verdict.status, verdict.detail).toBe('ok');
  });

  it('given a Socket.IO 2 server and a frontend that locks socket.io-client 4, fails naming both versions', async () => {
    const root = copyFixture();
    frontendClient(root, '^4.7.0', '4.8.1');
    const apiUrl = await socketIoV2Backend();
    const verdict = await ws.run(contextFor(root, { apiUrl, backend: 'bun', frontendOrigin: ORIGIN }), neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.detail).toContain('the server speaks Socket.IO 2 (Engine.IO 3');
    expect(verdict.detail).toContain('socket.io-client 4.8.1 (apps/frontend/package-lock.json), which speaks Engine.IO 4');
    expect(verdict.data).toMatchObject({ eio: 4, polling: { framing: 'eio3' }, client: { major: 4 } });
  });

  it('given a Socket.IO 4 server and a frontend on socket.io-client 2, fails naming both versions (code 5); ok once the server sets allowEIO3', async () => {
    const root = copyFixture();
    frontendClient(root, '^2.3.0');
    const strict = await socketIoBackend({ cors: { origin: ORIGIN } });
    const verdict = await ws.run(contextFor(root, { apiUrl: strict, backend: 'bun', frontendOrigin: ORIGIN }), neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.detail).toContain('the frontend installs socket.io-client ^2.3.0 (apps/frontend/package.json), which speaks Engine.IO 3');
    expect(verdict.detail).toContain('Socket.IO 3 or 4 (Engine.IO 4)');
    const lenient = await socketIoBackend({ cors: { origin: ORIGIN }, allowEIO3: true });
    expect((await ws.run(contextFor(root, { apiUrl: lenient, backend: 'bun', frontendOrigin: ORIGIN }), neverAborted())).status).toBe('ok');
  });

  it('given a Socket.IO 2 server and a frontend on socket.io-client 2, the Engine.IO 3 handshake is ok', async () => {
    const root = copyFixture();
    frontendClient(root, '^2.3.0', '2.5.0');
    const apiUrl = await socketIoV2Backend();
    const verdict = await ws.run(contextFor(root, { apiUrl, backend: 'bun', frontendOrigin: ORIGIN }), neverAborted());
    expect(verdict.status, verdict.detail).toBe('ok');
    expect(verdict.detail).toContain('Engine.IO 3 handshake of socket.io-client 2.5.0');
  });

  it('skips when nothing listens', async () => {
    const apiUrl = `http://127.0.0.1:${await closedPort()}`;
    expect((await ws.run(contextFor(copyFixture(), { apiUrl, backend: 'bun' }), neverAborted())).status).toBe('skip');
  });
});

describe("the frontend's socket.io-client, as its lock file says", () => {
  it.each([
    ['bun.lock', '{\n  "packages": {\n    "socket.io-client": ["socket.io-client@2.5.0", "", { "dependencies": {} }, "sha512-x"],\n  }\n}\n'],
    ['pnpm-lock.yaml', "lockfileVersion: '9.0'\npackages:\n  socket.io-client@2.5.0:\n    resolution: {integrity: sha512-x}\n"],
    ['yarn.lock', '"socket.io-client@^2.3.0":\n  version "2.5.0"\n  resolved "https://registry.yarnpkg.com/x"\n'],
  ])('%s: the locked version, not the range', (file, text) => {
    const root = copyFixture();
    frontendClient(root, '^2.3.0');
    writeFileSync(join(root, 'apps/frontend', file), text);
    expect(socketIoClient(contextFor(root))).toEqual({ version: '2.5.0', major: 2, source: `apps/frontend/${file}` });
  });

  it('none declared: undefined (the check assumes version 4)', () => {
    expect(socketIoClient(contextFor(copyFixture()))).toBeUndefined();
  });
});

describe('ws check, Elixir (Phoenix Channels)', () => {
  it('is ok when the socket accepts the origin and answers the heartbeat, with its round trip', async () => {
    const apiUrl = await phoenixBackend([ORIGIN]);
    const verdict = await ws.run(contextFor(copyFixture(), { apiUrl, backend: 'elixir', frontendOrigin: ORIGIN }), neverAborted());
    expect(verdict.status).toBe('ok');
    expect(verdict.detail).toMatch(/heartbeat round trip \d+ ms/);
    expect(verdict.data).toMatchObject({ protocol: 'phoenix', url: expect.stringContaining('/ws/websocket?vsn=2.0.0') });
  });

  it('fails when check_origin refuses the frontend origin with 403, and names the origin to add', async () => {
    const apiUrl = await phoenixBackend(['http://localhost:3000']);
    const verdict = await ws.run(contextFor(copyFixture(), { apiUrl, backend: 'elixir', frontendOrigin: ORIGIN }), neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.data).toMatchObject({ status: 403 });
    expect(verdict.fix).toContain('"http://localhost:5173" to check_origin');
  });

  it('fails with a mismatch hint when the server on the port is Socket.IO', async () => {
    const apiUrl = await socketIoBackend({ cors: { origin: ORIGIN } });
    const verdict = await ws.run(contextFor(copyFixture(), { apiUrl, backend: 'elixir', frontendOrigin: ORIGIN }), neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.detail).toContain('does not speak Phoenix Channels');
  });

  it('given backends.elixir.topic, joins it after the heartbeat: ok with the topic named', async () => {
    const root = copyFixture();
    configure(root, 'backends:\n  elixir:\n    topic: "credit:42"\n');
    const apiUrl = await phoenixBackend([ORIGIN], { topics: ['credit:*'] });
    const verdict = await ws.run(contextFor(root, { apiUrl, backend: 'elixir', frontendOrigin: ORIGIN }), neverAborted());
    expect(verdict.status, verdict.detail).toBe('ok');
    expect(verdict.detail).toContain('Joined credit:42.');
    expect(verdict.data).toMatchObject({ join: { topic: 'credit:42', status: 'ok' } });
  });

  it('given a topic no channel routes, fails with "unmatched topic" and says to add the route', async () => {
    const root = copyFixture();
    configure(root, 'backends:\n  elixir:\n    topic: "nope:x"\n');
    const apiUrl = await phoenixBackend([ORIGIN], { topics: ['credit:*'] });
    const verdict = await ws.run(contextFor(root, { apiUrl, backend: 'elixir', frontendOrigin: ORIGIN }), neverAborted());
    expect(verdict.status).toBe('fail');
    expect(verdict.detail).toBe('the socket is up, but joining nope:x answered error: "unmatched topic".');
    expect(verdict.fix).toContain('channel "nope:x"');
  });

  describe('given a channel whose join needs a valid token in the socket params', () => {
    const authorize = (secret: string) => (_topic: string, params: Record<string, string>) => (verifyJwt(params.token, secret) ? true : 'unauthorized');

    it('joins with the smoke login\'s token: ok', async () => {
      const root = copyFixture();
      configure(root, 'backends:\n  elixir:\n    topic: "user:42"\n');
      const apiUrl = await phoenixBackend([ORIGIN], { topics: ['user:*'], authorize: authorize(SECRET), loginSecret: SECRET });
      const verdict = await ws.run(contextFor(root, { apiUrl, backend: 'elixir', frontendOrigin: ORIGIN }), neverAborted());
      expect(verdict.status, verdict.detail).toBe('ok');
      expect(verdict.data).toMatchObject({ join: { status: 'ok', withToken: true }, login: { ok: true, token: true } });
    });

    it('a token signed with another secret: fails with "unauthorized", named as a JWT problem', async () => {
      const root = copyFixture();
      configure(root, 'backends:\n  elixir:\n    topic: "user:42"\n');
      const apiUrl = await phoenixBackend([ORIGIN], { topics: ['user:*'], authorize: authorize('another-secret'), loginSecret: SECRET });
      const verdict = await ws.run(contextFor(root, { apiUrl, backend: 'elixir', frontendOrigin: ORIGIN }), neverAborted());
      expect(verdict.status).toBe('fail');
      expect(verdict.detail).toContain('joining user:42 answered error: "unauthorized"');
      expect(verdict.detail).toContain('a JWT problem (guide §6)');
      expect(verdict.fix).toContain('backend-switch doctor --only jwt');
    });

    it('no login that gives a token: fails and names the smoke credentials', async () => {
      const root = copyFixture();
      configure(root, 'backends:\n  elixir:\n    topic: "user:42"\n');
      const apiUrl = await phoenixBackend([ORIGIN], { topics: ['user:*'], authorize: authorize(SECRET) });
      const verdict = await ws.run(contextFor(root, { apiUrl, backend: 'elixir', frontendOrigin: ORIGIN }), neverAborted());
      expect(verdict.status).toBe('fail');
      expect(verdict.detail).toContain('the smoke login as demo@ecredit.test gave no token (404)');
      expect(verdict.fix).toContain('SMOKE_EMAIL and SMOKE_PASSWORD');
    });
  });

  it('skips when nothing listens', async () => {
    const apiUrl = `http://127.0.0.1:${await closedPort()}`;
    expect((await ws.run(contextFor(copyFixture(), { apiUrl, backend: 'elixir' }), neverAborted())).status).toBe('skip');
  });
});
