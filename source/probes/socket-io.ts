import { corsCheck, type CorsFailure } from './cors.js';
import { httpRequest, joinUrl } from './http.js';
import { classifyNetError } from './net-error.js';

export interface SocketIoProbe {
  url: string;
  origin: string;
  polling:
    | { status: number; sid?: string; cors?: CorsFailure; engineError?: { code: number; message: string } }
    | { error: string; refused: boolean };
  websocket?: { connected: true; rttMs: number; refused?: string } | { connected: false; status?: number; error: string };
}

/**
 * Socket.IO v4 as a browser frontend would meet it: the polling handshake judged by CORS
 * rules (the browser client starts with polling and sends no credentials), then a
 * websocket connection of the official client carrying the frontend's Origin.
 */
export async function probeSocketIo(apiUrl: string, path: string, origin: string, signal: AbortSignal, timeoutMs: number): Promise<SocketIoProbe> {
  const url = pollingUrl(apiUrl, path);
  const probe: SocketIoProbe = { url, origin, polling: { error: '', refused: false } };
  try {
    const answer = await httpRequest(url, { headers: { Origin: origin }, signal });
    const polling: SocketIoProbe['polling'] = { status: answer.status };
    if (answer.status === 200 && answer.body.startsWith('0{')) {
      polling.sid = (JSON.parse(answer.body.slice(1)) as { sid?: string }).sid;
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
  if ('status' in probe.polling && probe.polling.status === 404) return probe;
  probe.websocket = await connectWebsocket(apiUrl, path, origin, signal, timeoutMs);
  return probe;
}

async function connectWebsocket(apiUrl: string, path: string, origin: string, signal: AbortSignal, timeoutMs: number): Promise<NonNullable<SocketIoProbe['websocket']>> {
  const { io } = await import('socket.io-client');
  const started = performance.now();
  const socket = io(apiUrl, {
    path,
    transports: ['websocket'],
    extraHeaders: { Origin: origin },
    reconnection: false,
    forceNew: true,
    timeout: timeoutMs,
  });
  try {
    return await new Promise((resolve) => {
      signal.addEventListener('abort', () => resolve({ connected: false, error: 'aborted' }), { once: true });
      socket.on('connect', () => resolve({ connected: true, rttMs: Math.round(performance.now() - started) }));
      socket.on('connect_error', (error: Error & { description?: unknown; context?: unknown }) => {
        // A middleware refusal (`44{...}`) still proves the transport and Origin were accepted.
        if (!('description' in error) && !('type' in error)) {
          resolve({ connected: true, rttMs: Math.round(performance.now() - started), refused: error.message });
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
    const answer = await httpRequest(pollingUrl(apiUrl, path), { signal });
    return answer.status === 200 && answer.body.startsWith('0{');
  } catch {
    return undefined;
  }
}

/** The Engine.IO v4 polling handshake URL (`/socket.io/?EIO=4&transport=polling`). */
function pollingUrl(apiUrl: string, path: string): string {
  const base = joinUrl(apiUrl, path);
  return `${base.endsWith('/') ? base : `${base}/`}?EIO=4&transport=polling`;
}
