import { joinUrl } from './http.js';

export interface PhoenixProbe {
  url: string;
  origin: string;
  connected: boolean;
  /** HTTP status of a refused upgrade (403: origin check or connect/3 said no). */
  status?: number;
  heartbeat?: { rttMs: number };
  /** The configured topic's join: ok, or the server's reason (`unmatched topic`, `unauthorized`), or no reply in time. */
  join?: { topic: string; withToken: boolean } & ({ status: 'ok' } | { status: 'error'; reason: string } | { status: 'timeout'; ms: number });
  error?: string;
}

export interface PhoenixOptions {
  /** A topic to join after the heartbeat. */
  topic?: string;
  /** Connect params (the smoke login's token), as the frontend passes `params` to `new Socket`. */
  params?: Record<string, string>;
  /** How long the join may wait for its reply. */
  joinTimeoutMs?: number;
}

/**
 * Phoenix Channels through the official `phoenix` client (serializer V2, vsn=2.0.0) over
 * `ws`, whose subclass below sends the frontend's Origin and keeps the upgrade's HTTP
 * status, which the client itself hides. The round trip is a heartbeat (`socket.ping`); then,
 * when a topic is given, a join of it, as the frontend's `socket.channel(topic).join()`.
 */
export async function probePhoenix(apiUrl: string, path: string, origin: string, signal: AbortSignal, options: PhoenixOptions = {}): Promise<PhoenixProbe> {
  const [{ Socket }, { default: WebSocket }] = await Promise.all([import('phoenix'), import('ws')]);
  const endpoint = joinUrl(apiUrl.replace(/^http/, 'ws'), path);
  const probe: PhoenixProbe = { url: `${endpoint}/websocket?vsn=2.0.0`, origin, connected: false };

  class OriginWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { origin, handshakeTimeout: 60_000 });
      this.on('error', (error) => {
        const status = /Unexpected server response: (\d{3})/.exec(error.message)?.[1];
        if (status) probe.status = Number(status);
        probe.error = error.message;
      });
    }
  }

  const socket = new Socket(endpoint, {
    transport: OriginWebSocket,
    reconnectAfterMs: () => 60_000,
    heartbeatIntervalMs: 60_000,
    ...(options.params ? { params: options.params } : {}),
  });
  const join = (resolve: () => void) => {
    const topic = options.topic;
    if (!topic) return resolve();
    const withToken = Boolean(options.params?.token);
    const channel = socket.channel(topic, {});
    const ms = options.joinTimeoutMs ?? 10_000;
    channel.join(ms)
      .receive('ok', () => {
        probe.join = { topic, withToken, status: 'ok' };
        resolve();
      })
      .receive('error', (response: { reason?: unknown } | undefined) => {
        probe.join = { topic, withToken, status: 'error', reason: typeof response?.reason === 'string' ? response.reason : JSON.stringify(response ?? null) };
        resolve();
      })
      .receive('timeout', () => {
        probe.join = { topic, withToken, status: 'timeout', ms };
        resolve();
      });
  };
  try {
    await new Promise<void>((resolve) => {
      signal.addEventListener('abort', () => resolve(), { once: true });
      socket.onError(() => resolve());
      socket.onOpen(() => {
        probe.connected = true;
        const pushed = socket.ping((rttMs) => {
          probe.heartbeat = { rttMs };
          join(resolve);
        });
        if (!pushed) resolve();
      });
      socket.connect();
    });
  } finally {
    socket.disconnect();
  }
  return probe;
}

/** true when a Phoenix socket accepts an upgrade at `path` (no Origin: Phoenix always allows that). */
export async function speaksPhoenix(apiUrl: string, path: string, signal: AbortSignal): Promise<boolean> {
  const { default: WebSocket } = await import('ws');
  const url = `${joinUrl(apiUrl.replace(/^http/, 'ws'), path)}/websocket?vsn=2.0.0`;
  return new Promise((resolve) => {
    const socket = new WebSocket(url);
    const done = (answer: boolean) => {
      signal.removeEventListener('abort', onAbort);
      socket.removeAllListeners();
      socket.on('error', () => {});
      socket.terminate();
      resolve(answer);
    };
    const onAbort = () => done(false);
    signal.addEventListener('abort', onAbort, { once: true });
    socket.on('open', () => done(true));
    socket.on('error', () => done(false));
  });
}
