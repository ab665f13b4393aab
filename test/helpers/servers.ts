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

/** A TCP server that accepts connections and never says a word: the hung service. */
export async function stalledServer(): Promise<{ url: string; port: number }> {
  const sockets = new Set<Socket>();
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await listen(server);
  closers.push(async () => {
    for (const socket of sockets) socket.destroy();
    await closeServer(server);
  });
  return { url: `http://127.0.0.1:${port}`, port };
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
