import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach } from 'vitest';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** An HTTP server on 127.0.0.1 and a free port, closed after the test. */
export async function httpServer(handler: RequestListener): Promise<{ server: Server; url: string; port: number }> {
  const server = createHttpServer(handler);
  const port = await listen(server);
  closers.push(() => closeServer(server));
  return { server, url: `http://127.0.0.1:${port}`, port };
}

/**
 * A TCP server that accepts connections and never says a word: the hung service.
 * `connected` resolves at its first connection: someone is waiting on it now.
 */
export async function stalledServer(): Promise<{ url: string; port: number; connected: Promise<void> }> {
  const sockets = new Set<Socket>();
  let firstConnection: () => void = () => {};
  const connected = new Promise<void>((resolve) => (firstConnection = resolve));
  const server = createNetServer((socket) => {
    firstConnection();
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await listen(server);
  closers.push(async () => {
    for (const socket of sockets) socket.destroy();
    await closeServer(server);
  });
  return { url: `http://127.0.0.1:${port}`, port, connected };
}

/** A port nothing listens on (bound then released). */
export async function closedPort(): Promise<number> {
  const server = createNetServer();
  const port = await listen(server);
  await closeServer(server);
  return port;
}

async function listen(server: { listen(port: number, host: string, cb: () => void): unknown; address(): AddressInfo | string | null }): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

export function closeServer(server: { close(cb: (err?: Error) => void): unknown; closeAllConnections?: () => void }): Promise<void> {
  server.closeAllConnections?.();
  return new Promise((resolve) => server.close(() => resolve()));
}

export function onClose(close: () => Promise<void> | void): void {
  closers.push(async () => {
    await close();
  });
}

/**
 * A stand-in for a PostgreSQL server that checks passwords (the machine's own trusts every
 * local login, and PGlite asks for none): it answers the startup message with
 * AuthenticationCleartextPassword and, as a real server does for a wrong one, with an
 * ErrorResponse of SQLSTATE 28P01. It knows no right password: it never lets anyone in.
 */
export async function passwordCheckingPostgres(): Promise<{ port: number }> {
  const sockets = new Set<Socket>();
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
    let buffered = Buffer.alloc(0);
    let started = false;
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (!started) {
        if (buffered.length < 8) return;
        const length = buffered.readUInt32BE(0);
        if (buffered.length < length) return;
        const code = buffered.readUInt32BE(4);
        buffered = buffered.subarray(length);
        if (code === 80877103) return void socket.write('N'); // SSLRequest: no SSL here
        started = true;
        return void socket.write(message('R', int32(3))); // AuthenticationCleartextPassword
      }
      if (buffered.length < 5 || buffered[0] !== 0x70) return; // 'p' PasswordMessage
      const fields = ['SFATAL', 'VFATAL', 'C28P01', 'Mpassword authentication failed for user'].map((f) => Buffer.from(`${f}\0`));
      socket.end(message('E', Buffer.concat([...fields, Buffer.from([0])])));
    });
  });
  const port = await listen(server);
  closers.push(async () => {
    for (const socket of sockets) socket.destroy();
    await closeServer(server);
  });
  return { port };
}

function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
}

function message(type: string, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(type), int32(body.length + 4), body]);
}

/**
 * A Redis for machines without one (there is no embedded Redis): a RESP server that answers
 * PING with PONG, as the `redis` check and the switch's gate ask. With TEST_REDIS_URL set,
 * `testRedisUrl` gives the real server instead.
 */
export async function redisStandIn(): Promise<{ url: string; port: number }> {
  const sockets = new Set<Socket>();
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
    let buffered = '';
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      // Each command is an array of bulk strings: *N\r\n$len\r\nARG\r\n…; answer each complete one.
      for (let command = parseCommand(buffered); command; command = parseCommand(buffered)) {
        buffered = buffered.slice(command.length);
        socket.write(command.name === 'PING' ? '+PONG\r\n' : command.name === 'QUIT' ? '+OK\r\n' : `-ERR unknown command '${command.name}'\r\n`);
      }
    });
  });
  const port = await listen(server);
  closers.push(async () => {
    for (const socket of sockets) socket.destroy();
    await closeServer(server);
  });
  return { url: `redis://127.0.0.1:${port}`, port };
}

function parseCommand(text: string): { name: string; length: number } | undefined {
  const header = /^\*(\d+)\r\n/.exec(text);
  if (!header) return undefined;
  let offset = header[0].length;
  const args: string[] = [];
  for (let i = 0; i < Number(header[1]); i += 1) {
    const bulk = /^\$(\d+)\r\n/.exec(text.slice(offset));
    if (!bulk) return undefined;
    const start = offset + bulk[0].length;
    const end = start + Number(bulk[1]);
    if (text.length < end + 2) return undefined;
    args.push(text.slice(start, end));
    offset = end + 2;
  }
  return { name: (args[0] ?? '').toUpperCase(), length: offset };
}

/** A Redis that answers PING: the real one of TEST_REDIS_URL, else the stand-in. */
export async function testRedisUrl(): Promise<string> {
  return process.env.TEST_REDIS_URL ?? (await redisStandIn()).url;
}
