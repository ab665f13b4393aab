import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * A stand-in for a Phoenix endpoint's socket (Phoenix itself cannot be installed here).
 * It answers as ../shared/PROBES.md records a real Phoenix 1.7 endpoint answering:
 * `GET {path}/websocket?vsn=2.0.0`; a failed origin check → 403 with an empty body; a
 * non-GET → 400; V2 array frames; heartbeat → phx_reply ok; unrouted topic → error
 * "unmatched topic", socket left open; without `vsn`, the V1 object serializer.
 */
export interface PhoenixSocketOptions {
  path: string;
  /**
   * Phoenix's `check_origin`: false allows every origin; true compares the Origin's host
   * with `host`; a list of origins must match scheme, host and port (`//host` any scheme/port).
   */
  checkOrigin: boolean | string[] | (() => string[]);
  host?: string;
  /** Topics that `join` accepts (prefix match of `room:*` style patterns). */
  topics?: string[];
  /**
   * A channel's `join/3` for a routed topic, given the socket's connect params (the query
   * before `vsn`): true joins, a string is the reason of `{:error, %{reason: …}}`
   * (e.g. "unauthorized"); the socket stays open either way, as in Phoenix.
   */
  authorize?: (topic: string, params: Record<string, string>) => true | string;
}

export async function attachPhoenixSocket(server: Server, options: PhoenixSocketOptions): Promise<() => void> {
  const { WebSocketServer } = await import('ws');
  const wss = new WebSocketServer({ noServer: true });
  const endpoint = `${options.path.replace(/\/+$/, '')}/websocket`;

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== endpoint) return; // not ours: another handler (or none) answers
    if (request.method !== 'GET') return refuse(socket, 400);
    const checkOrigin = typeof options.checkOrigin === 'function' ? options.checkOrigin() : options.checkOrigin;
    if (!originAllowed(request.headers.origin, { checkOrigin, ...(options.host ? { host: options.host } : {}) })) return refuse(socket, 403);
    const v2 = url.searchParams.get('vsn')?.startsWith('2.') ?? false;
    const params = Object.fromEntries([...url.searchParams].filter(([key]) => key !== 'vsn'));
    wss.handleUpgrade(request, socket, head, (ws) => {
      ws.on('message', (raw) => {
        const reply = answer(String(raw), v2, options.topics ?? [], (topic) => options.authorize?.(topic, params) ?? true);
        if (reply) ws.send(reply);
      });
    });
  };
  server.on('upgrade', onUpgrade);
  return () => {
    server.off('upgrade', onUpgrade);
    for (const client of wss.clients) client.terminate();
    wss.close();
  };
}

function refuse(socket: Duplex, status: 400 | 403): void {
  const reason = status === 403 ? 'Forbidden' : 'Bad Request';
  socket.end(`HTTP/1.1 ${status} ${reason}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n`);
}

export function originAllowed(origin: string | undefined, options: { checkOrigin: boolean | string[]; host?: string }): boolean {
  if (!origin || options.checkOrigin === false) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (options.checkOrigin === true) return parsed.hostname === (options.host ?? 'localhost');
  return options.checkOrigin.some((allowed) => {
    if (allowed.startsWith('//')) return parsed.hostname === allowed.slice(2);
    try {
      const want = new URL(allowed);
      return want.protocol === parsed.protocol && want.hostname === parsed.hostname && want.port === parsed.port;
    } catch {
      return false;
    }
  });
}

type Message = { joinRef: string | null; ref: string | null; topic: string; event: string; payload: unknown };

function answer(raw: string, v2: boolean, topics: string[], authorize: (topic: string) => true | string): string | undefined {
  let message: Message;
  try {
    const data = JSON.parse(raw) as unknown;
    if (v2) {
      const [joinRef, ref, topic, event, payload] = data as [string | null, string | null, string, string, unknown];
      message = { joinRef, ref, topic, event, payload };
    } else {
      const { join_ref, ref, topic, event, payload } = data as { join_ref?: string; ref?: string; topic: string; event: string; payload: unknown };
      message = { joinRef: join_ref ?? null, ref: ref ?? null, topic, event, payload };
    }
  } catch {
    return undefined;
  }
  let response: { status: string; response: Record<string, unknown> } | undefined;
  if (message.topic === 'phoenix' && message.event === 'heartbeat') response = { status: 'ok', response: {} };
  else if (message.event === 'phx_join') {
    const routed = topics.some((pattern) => (pattern.endsWith('*') ? message.topic.startsWith(pattern.slice(0, -1)) : pattern === message.topic));
    const allowed = routed ? authorize(message.topic) : 'unmatched topic';
    response = allowed === true ? { status: 'ok', response: {} } : { status: 'error', response: { reason: allowed } };
  } else if (message.event === 'phx_leave') response = { status: 'ok', response: {} };
  if (!response) return undefined;
  const payload = { response: response.response, status: response.status };
  return v2
    ? JSON.stringify([message.joinRef, message.ref, message.topic, 'phx_reply', payload])
    : JSON.stringify({ join_ref: message.joinRef, ref: message.ref, topic: message.topic, event: 'phx_reply', payload });
}
