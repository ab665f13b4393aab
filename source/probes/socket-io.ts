import { corsCheck, type CorsFailure } from './cors.js';
import { httpRequest, joinUrl } from './http.js';
import { classifyNetError } from './net-error.js';

/** Where the frontend puts the user's token (config `backends.bun.socketToken`). */
export type SocketTokenPlace = 'auth' | 'query' | 'header';

export interface SocketIoOptions {
  path: string;
  origin: string;
  timeoutMs: number;
  /** The Engine.IO protocol of the frontend's client: 3 for socket.io-client 2, 4 for 3 and 4. */
  eio: 3 | 4;
  /** The smoke login's token, placed where the frontend places it. */
  token?: { value: string; place: SocketTokenPlace };
}

/** How the polling handshake was framed: Engine.IO 4 (`0{…}`) or Engine.IO 3 (`97:0{…}2:40`). */
export type EngineFraming = 'eio4' | 'eio3';

export interface SocketIoProbe {
  url: string;
  origin: string;
  eio: 3 | 4;
  polling:
    | { status: number; sid?: string; framing?: EngineFraming; cors?: CorsFailure; engineError?: { code: number; message: string } }
    | { error: string; refused: boolean };
  /**
   * The official client over websocket, up to the namespace CONNECT: `refused` when the
   * server answered CONNECT with an error (`44{"message":…}`, a middleware's `next(err)`),
   * the `connect_error` a browser gets; `error` is then the server's message.
   */
  websocket?: { connected: true; rttMs: number } | { connected: false; status?: number; refused?: true; error: string };
}

/**
 * Socket.IO as a browser frontend would meet it: the polling handshake in the frontend
 * client's Engine.IO protocol, judged by CORS rules (the browser client starts with polling
 * and sends no credentials), then — for a v3/v4 client — a websocket connection of the
 * official client carrying the frontend's Origin (and token) up to the namespace CONNECT.
 */
export async function probeSocketIo(apiUrl: string, options: SocketIoOptions, signal: AbortSignal): Promise<SocketIoProbe> {
  const { path, origin, eio } = options;
  const url = pollingUrl(apiUrl, path, eio);
  const probe: SocketIoProbe = { url, origin, eio, polling: { error: '', refused: false } };
  try {
    const answer = await httpRequest(url, { headers: { Origin: origin }, signal });
    const polling: SocketIoProbe['polling'] = { status: answer.status };
    const open = answer.status === 200 ? openPacket(answer.body) : undefined;
    if (open) {
      polling.framing = open.framing;
      if (open.sid) polling.sid = open.sid;
      const cors = corsCheck(answer.headers, { origin, method: 'GET', headers: [], credentials: false }, 'actual');
      if (cors) polling.cors = cors;
    } else if (answer.status === 400 && answer.body.startsWith('{')) {
      polling.engineError = JSON.parse(answer.body) as { code: number; message: string };
    }
    probe.polling = polling;
  } catch (error) {
    const net = classifyNetError(error);
    probe.polling = { error: net.message, refused: net.kind === 'refused' };
    return probe;
  }
  // The official client speaks Engine.IO 4 only: a websocket test says nothing about an Engine.IO 3 pair.
  if (probe.polling.status === 404 || eio !== 4 || probe.polling.framing === 'eio3') return probe;
  probe.websocket = await connectWebsocket(apiUrl, options, signal);
  return probe;
}

/** The Engine.IO open packet of a polling answer, in either framing. */
export function openPacket(body: string): { framing: EngineFraming; sid?: string } | undefined {
  let framing: EngineFraming;
  let packet: string;
  const prefixed = /^(\d+):/.exec(body);
  if (body.startsWith('0{')) {
    framing = 'eio4';
    packet = body.split('\x1e')[0]!;
  } else if (prefixed) {
    framing = 'eio3';
    packet = body.slice(prefixed[0].length, prefixed[0].length + Number(prefixed[1]));
    if (!packet.startsWith('0{')) return undefined;
  } else {
    return undefined;
  }
  try {
    return { framing, sid: (JSON.parse(packet.slice(1)) as { sid?: string }).sid };
  } catch {
    return { framing };
  }
}

async function connectWebsocket(apiUrl: string, options: SocketIoOptions, signal: AbortSignal): Promise<NonNullable<SocketIoProbe['websocket']>> {
  const { io } = await import('socket.io-client');
  const { path, origin, token, timeoutMs } = options;
  const started = performance.now();
  const socket = io(apiUrl, {
    path,
    transports: ['websocket'],
    extraHeaders: { Origin: origin, ...(token?.place === 'header' ? { Authorization: `Bearer ${token.value}` } : {}) },
    ...(token?.place === 'auth' ? { auth: { token: token.value } } : {}),
    ...(token?.place === 'query' ? { query: { token: token.value } } : {}),
    reconnection: false,
    forceNew: true,
    timeout: timeoutMs,
  });
  try {
    return await new Promise((resolve) => {
      signal.addEventListener('abort', () => resolve({ connected: false, error: 'aborted' }), { once: true });
      socket.on('connect', () => resolve({ connected: true, rttMs: Math.round(performance.now() - started) }));
      socket.on('connect_error', (error: Error & { description?: unknown; context?: unknown }) => {
        // No description/type: the server answered the namespace CONNECT with an error packet.
        if (!('description' in error) && !('type' in error)) {
          resolve({ connected: false, refused: true, error: error.message });
          return;
        }
        const status = upgradeStatus(error);
        resolve({ connected: false, ...(status ? { status } : {}), error: describe(error) });
      });
    });
  } finally {
    socket.disconnect();
  }
}

function upgradeStatus(error: { description?: unknown }): number | undefined {
  const text = describe(error);
  const match = /Unexpected server response: (\d{3})/.exec(text);
  return match ? Number(match[1]) : undefined;
}

function describe(error: { message?: string; description?: unknown }): string {
  const description = error.description as { message?: string; error?: { message?: string } } | undefined;
  return description?.error?.message ?? description?.message ?? error.message ?? String(error);
}

/** true: a Socket.IO handshake answered; false: the server answered something else; undefined: no answer. */
export async function speaksSocketIo(apiUrl: string, path: string, signal: AbortSignal): Promise<boolean | undefined> {
  try {
    const answer = await httpRequest(pollingUrl(apiUrl, path, 4), { signal });
    return answer.status === 200 && openPacket(answer.body) !== undefined;
  } catch {
    return undefined;
  }
}

/** The Engine.IO polling handshake URL (`/socket.io/?EIO=4&transport=polling`). */
function pollingUrl(apiUrl: string, path: string, eio: 3 | 4): string {
  const base = joinUrl(apiUrl, path);
  return `${base.endsWith('/') ? base : `${base}/`}?EIO=${eio}&transport=polling`;
}
