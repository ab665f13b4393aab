import type { Check, CheckContext, Verdict } from '../core/check.js';
import { probePhoenix, type PhoenixProbe } from '../probes/phoenix.js';
import { probeSocketIo, speaksSocketIo, type SocketIoProbe } from '../probes/socket-io.js';
import { shown } from './support.js';
import { PROFILES, profileOf } from '../backends/index.js';
import { BACKENDS } from '../project/config.js';

declare module '../core/check.js' {
  interface CheckDataMap {
    /** The target's realtime probe, named by its protocol. */
    ws: ({ protocol: 'socket.io' } & SocketIoProbe) | ({ protocol: 'phoenix' } & PhoenixProbe);
  }
}

/** Guide §6 "WebSocket no conecta": the target's realtime endpoint, with the frontend's Origin. */
export const ws: Check<'ws'> = {
  id: 'ws',
  async run(ctx, signal) {
    const path = ctx.project.config.backends[ctx.backend].websocket;
    if (profileOf(ctx.backend).realtime === 'socket.io') {
      return socketIoVerdict(ctx, await probeSocketIo(ctx.apiUrl, path, ctx.frontendOrigin, signal, ctx.timeoutMs));
    }
    const probe = await probePhoenix(ctx.apiUrl, path, ctx.frontendOrigin, signal);
    // A failed upgrade with no HTTP status: is the server on this port Socket.IO (the other backend)?
    const socketIoBackend = BACKENDS.find((b) => PROFILES[b].realtime === 'socket.io');
    const socketIo = !probe.connected && probe.status === undefined && socketIoBackend
      ? await speaksSocketIo(ctx.apiUrl, ctx.project.config.backends[socketIoBackend].websocket, signal)
      : undefined;
    return phoenixVerdict(ctx, probe, socketIo === true);
  },
};

function socketIoVerdict(ctx: CheckContext, probe: SocketIoProbe): Verdict<'ws'> {
  const { t } = ctx;
  const data = { protocol: 'socket.io' as const, ...probe };
  const envFile = shown(ctx, ctx.project.backends[ctx.backend].envFile);
  const origin = ctx.frontendOrigin;
  if ('error' in probe.polling) {
    return probe.polling.refused
      ? { status: 'skip', detail: t('ws.unreachable', { url: probe.url }), data }
      : { status: 'fail', detail: t('ws.error', { url: probe.url, message: probe.polling.error }), fix: t('ws.errorFix'), data };
  }
  const polling = probe.polling;
  if (polling.status === 404) {
    return { status: 'fail', detail: t('ws.socketIoMissing', { url: probe.url }), fix: t('ws.socketIoMissingFix'), data };
  }
  if (polling.status === 403) {
    return { status: 'fail', detail: t('ws.socketIoForbidden', { url: probe.url, origin }), fix: t('ws.socketIoOriginFix', { origin, file: envFile }), data };
  }
  if (polling.engineError) {
    return { status: 'fail', detail: t('ws.engineError', { code: polling.engineError.code, message: polling.engineError.message }), fix: t('ws.engineErrorFix'), data };
  }
  if (polling.cors) {
    return {
      status: 'fail',
      detail: t('ws.pollingCors', { origin, received: polling.cors.received ?? t('cors.nothing') }),
      fix: t('ws.socketIoOriginFix', { origin, file: envFile }),
      data,
    };
  }
  const socket = probe.websocket;
  if (!socket?.connected) {
    const how = socket?.status ? `HTTP ${socket.status}` : (socket?.error ?? '?');
    return { status: 'fail', detail: t('ws.websocketRefused', { how, origin }), fix: t('ws.socketIoOriginFix', { origin, file: envFile }), data };
  }
  const refused = socket.refused ? ` ${t('ws.namespaceRefused', { message: socket.refused })}` : '';
  return { status: 'ok', detail: t('ws.socketIoOk', { origin, rtt: socket.rttMs }) + refused, data };
}

function phoenixVerdict(ctx: CheckContext, probe: PhoenixProbe, serverIsSocketIo: boolean): Verdict<'ws'> {
  const { t } = ctx;
  const data = { protocol: 'phoenix' as const, ...probe };
  const origin = ctx.frontendOrigin;
  if (probe.connected && probe.heartbeat) {
    return { status: 'ok', detail: t('ws.phoenixOk', { url: probe.url, origin, rtt: probe.heartbeat.rttMs }), data };
  }
  if (probe.connected) {
    return { status: 'fail', detail: t('ws.phoenixNoHeartbeat', { url: probe.url }), fix: t('ws.phoenixNoHeartbeatFix'), data };
  }
  if (probe.status === 403) {
    const file = shown(ctx, ctx.project.backends[ctx.backend].envFile);
    return { status: 'fail', detail: t('ws.phoenixForbidden', { url: probe.url, origin }), fix: t('ws.phoenixOriginFix', { origin, file }), data };
  }
  if (probe.status === 404 || serverIsSocketIo) {
    return { status: 'fail', detail: t('ws.phoenixMissing', { url: probe.url }), fix: t('ws.phoenixMissingFix'), data };
  }
  if (probe.status) {
    return { status: 'fail', detail: t('ws.phoenixStatus', { url: probe.url, status: probe.status }), fix: t('ws.errorFix'), data };
  }
  if (/ECONNREFUSED/.test(probe.error ?? '')) return { status: 'skip', detail: t('ws.unreachable', { url: probe.url }), data };
  return { status: 'fail', detail: t('ws.error', { url: probe.url, message: probe.error ?? '?' }), fix: t('ws.errorFix'), data };
}
