import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server as SocketIoServer, type ServerOptions } from 'socket.io';
import { describe, expect, it } from 'vitest';
import { ws } from '../../source/checks/ws.js';
import { env } from '../../source/checks/env.js';
import { cors } from '../../source/checks/cors.js';
import { editEnv } from '../helpers/env-files.js';
import { attachPhoenixSocket } from '../../source/standins/phoenix-channels.js';
import { contextFor, neverAborted } from '../helpers/context.js';
import { copyFixture } from '../helpers/fixture.js';
import { closedPort, closeServer, onClose } from '../helpers/servers.js';

const ORIGIN = 'http://localhost:5173';

async function listen(server: HttpServer): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A real Socket.IO v4 server, as the Bun backend runs it. */
async function socketIoBackend(options: Partial<ServerOptions>): Promise<string> {
  const http = createServer();
  const io = new SocketIoServer(http, options);
  const url = await listen(http);
  onClose(async () => {
    io.disconnectSockets(true);
    await io.close();
  });
  return url;
}

/** The Phoenix Channels stand-in (Phoenix itself cannot be installed here) behind an HTTP server. */
async function phoenixBackend(checkOrigin: boolean | string[]): Promise<string> {
  const http = createServer((_req, res) => res.writeHead(404).end());
  const detach = await attachPhoenixSocket(http, { path: '/ws', checkOrigin });
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

  it('skips when nothing listens', async () => {
    const apiUrl = `http://127.0.0.1:${await closedPort()}`;
    expect((await ws.run(contextFor(copyFixture(), { apiUrl, backend: 'bun' }), neverAborted())).status).toBe('skip');
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

  it('skips when nothing listens', async () => {
    const apiUrl = `http://127.0.0.1:${await closedPort()}`;
    expect((await ws.run(contextFor(copyFixture(), { apiUrl, backend: 'elixir' }), neverAborted())).status).toBe('skip');
  });
});
