import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Check, CheckContext, Verdict } from '../core/check.js';
import { probePhoenix, type PhoenixProbe } from '../probes/phoenix.js';
import { smokeCredentials, smokeLogin } from '../probes/smoke-login.js';
import { probeSocketIo, speaksSocketIo, type SocketIoProbe } from '../probes/socket-io.js';
import { effectiveEnv, shown } from './support.js';
import { PROFILES, profileOf } from '../backends/index.js';
import { BACKENDS } from '../project/config.js';
import { deadline } from '../util/deadline.js';

/** The smoke login the probe made to connect as the frontend does (never the token itself). */
export interface WsLogin {
  email: string;
  ok: boolean;
  token: boolean;
  status?: number;
  error?: string;
  /** No answer within its share of the check's time (a backend just started may be slow): nothing proven either way. */
  timedOut?: boolean;
}

/** The frontend's socket.io-client: the version it declares or locks, and its major. */
export interface SocketIoClient {
  version: string;
  major: number;
  source: string;
}

declare module '../core/check.js' {
  interface CheckDataMap {
    /** The target's realtime probe, named by its protocol. */
    ws: ({ protocol: 'socket.io'; login?: WsLogin; client?: SocketIoClient } & SocketIoProbe) | ({ protocol: 'phoenix'; login?: WsLogin } & PhoenixProbe);
  }
}

/** Guide §6 "WebSocket no conecta": the target's realtime endpoint, with the frontend's Origin and token. */
export const ws: Check<'ws'> = {
  id: 'ws',
  async run(ctx, signal) {
    const path = ctx.project.config.backends[ctx.backend].websocket;
    const bun = ctx.project.config.backends.bun;
    const topic = ctx.project.config.backends.elixir.topic;
    const socketIo = profileOf(ctx.backend).realtime === 'socket.io';
    // Log in only when the connection will carry the token: always for Socket.IO, for Phoenix when a topic is joined.
    const login = socketIo || topic ? await loginFor(ctx, signal) : undefined;
    const token = login?.token;
    if (socketIo) {
      const client = socketIoClient(ctx);
      const probe = await probeSocketIo(ctx.apiUrl, {
        path,
        origin: ctx.frontendOrigin,
        timeoutMs: ctx.timeoutMs,
        eio: client && client.major < 3 ? 3 : 4,
        ...(token ? { token: { value: token, place: bun.socketToken } } : {}),
      }, signal);
      return socketIoVerdict(ctx, probe, login?.result, client);
    }
    const probe = await probePhoenix(ctx.apiUrl, path, ctx.frontendOrigin, signal, {
      ...(topic ? { topic } : {}),
      ...(token ? { params: { token } } : {}),
      // Its reply must come before the runner's own deadline, so that a silent join is named as such.
      joinTimeoutMs: Math.max(100, Math.round(ctx.timeoutMs * 0.5)),
    });
    // A failed upgrade with no HTTP status: is the server on this port Socket.IO (the other backend)?
    const socketIoBackend = BACKENDS.find((b) => PROFILES[b].realtime === 'socket.io');
    const otherIsSocketIo = !probe.connected && probe.status === undefined && socketIoBackend
      ? await speaksSocketIo(ctx.apiUrl, ctx.project.config.backends[socketIoBackend].websocket, signal)
      : undefined;
    return phoenixVerdict(ctx, probe, otherIsSocketIo === true, login?.result);
  },
};

async function loginFor(ctx: CheckContext, signal: AbortSignal): Promise<{ result: WsLogin; token?: string } | undefined> {
  const credentials = smokeCredentials(ctx.project.config.smoke, effectiveEnv(ctx).values);
  if (!credentials) return undefined;
  // A part of the check's time: a slow login leaves the socket the rest, and the probe then connects without a token.
  const budget = Math.max(100, Math.round(ctx.timeoutMs * 0.4));
  const bounded = deadline(budget, signal);
  const answer = await smokeLogin(ctx.apiUrl, credentials, ctx.frontendOrigin, bounded);
  const token = answer.ok ? answer.token : undefined;
  const timedOut = !answer.ok && answer.status === undefined && bounded.aborted && !signal.aborted;
  const result: WsLogin = {
    email: credentials.email,
    ok: answer.ok,
    token: Boolean(token),
    ...(answer.status !== undefined ? { status: answer.status } : {}),
    ...(!answer.ok && answer.error ? { error: answer.error } : {}),
    ...(timedOut ? { timedOut: true, error: ctx.t('ws.loginTimedOut', { ms: budget }) } : {}),
  };
  return { result, ...(token ? { token } : {}) };
}

/** The socket.io-client the frontend installs: its lock file's version when there is one, else its package.json range. */
export function socketIoClient(ctx: CheckContext): SocketIoClient | undefined {
  const dirs = [ctx.project.frontend.dir, ctx.project.root];
  for (const dir of dirs) {
    for (const [file, pattern] of LOCK_PATTERNS) {
      const text = readText(join(dir, file));
      const version = text === undefined ? undefined : lockedVersion(text, pattern);
      if (version) return { version, major: Number(version.split('.')[0]), source: shown(ctx, join(dir, file)) };
    }
  }
  const manifest = readText(join(ctx.project.frontend.dir, 'package.json'));
  if (manifest === undefined) return undefined;
  try {
    const pkg = JSON.parse(manifest) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
    const range = pkg.dependencies?.['socket.io-client'] ?? pkg.devDependencies?.['socket.io-client'];
    const major = range ? /(\d+)/.exec(range)?.[1] : undefined;
    return range && major ? { version: range, major: Number(major), source: shown(ctx, join(ctx.project.frontend.dir, 'package.json')) } : undefined;
  } catch {
    return undefined;
  }
}

const LOCK_PATTERNS: [string, RegExp | undefined][] = [
  ['package-lock.json', undefined],
  ['bun.lock', /"socket\.io-client@(\d+\.\d+\.\d+)/],
  ['pnpm-lock.yaml', /\/?socket\.io-client@(\d+\.\d+\.\d+)/],
  ['yarn.lock', /^"?socket\.io-client@[^\n]*:\n\s+version:? "?(\d+\.\d+\.\d+)/m],
];

function lockedVersion(text: string, pattern: RegExp | undefined): string | undefined {
  if (pattern) return pattern.exec(text)?.[1];
  try {
    const lock = JSON.parse(text) as { packages?: Record<string, { version?: string }>; dependencies?: Record<string, { version?: string }> };
    const key = Object.keys(lock.packages ?? {}).find((k) => k.endsWith('node_modules/socket.io-client'));
    return (key ? lock.packages?.[key]?.version : undefined) ?? lock.dependencies?.['socket.io-client']?.version;
  } catch {
    return undefined;
  }
}

function readText(file: string): string | undefined {
  try {
    return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

/** A refusal that reads like the token's: the guide's JWT problem. */
const AUTH_REFUSAL = /unauthori[sz]ed|jwt|token|auth|forbidden|signature|expired|credential|not allowed|denied/i;

function socketIoVerdict(ctx: CheckContext, probe: SocketIoProbe, login: WsLogin | undefined, client: SocketIoClient | undefined): Verdict<'ws'> {
  const { t } = ctx;
  const data = { protocol: 'socket.io' as const, ...probe, ...(login ? { login } : {}), ...(client ? { client } : {}) };
  const envFile = shown(ctx, ctx.project.backends[ctx.backend].envFile);
  const origin = ctx.frontendOrigin;
  if ('error' in probe.polling) {
    return probe.polling.refused
      ? { status: 'skip', detail: t('ws.unreachable', { url: probe.url }), data }
      : { status: 'fail', detail: t('ws.error', { url: probe.url, message: probe.polling.error }), fix: t('ws.errorFix'), data };
  }
  const polling = probe.polling;
  const clientName = client ? `socket.io-client ${client.version}` : 'socket.io-client 4';
  if (polling.status === 404) {
    return { status: 'fail', detail: t('ws.socketIoMissing', { url: probe.url }), fix: t('ws.socketIoMissingFix'), data };
  }
  if (polling.status === 403) {
    return { status: 'fail', detail: t('ws.socketIoForbidden', { url: probe.url, origin }), fix: t('ws.socketIoOriginFix', { origin, file: envFile }), data };
  }
  // Another Engine.IO protocol than the frontend client's: a v2 server for a v3/v4 client, or a v3/v4 server refusing a v2 client.
  if (probe.eio === 4 && polling.framing === 'eio3') {
    return { status: 'fail', detail: t('ws.versionServerOld', { client: clientName, source: client?.source ?? '?' }), fix: t('ws.versionFix', { client: clientName }), data };
  }
  if (probe.eio === 3 && polling.engineError?.code === 5) {
    return { status: 'fail', detail: t('ws.versionClientOld', { client: clientName, source: client?.source ?? '?' }), fix: t('ws.versionFix', { client: clientName }), data };
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
  if (probe.eio === 3) {
    return { status: 'ok', detail: t('ws.socketIoEio3Ok', { origin, client: clientName }), data };
  }
  const socket = probe.websocket;
  if (socket && !socket.connected && socket.refused) return refusedVerdict(ctx, socket.error, login, data);
  if (!socket?.connected) {
    const how = socket?.status ? `HTTP ${socket.status}` : (socket?.error ?? '?');
    return { status: 'fail', detail: t('ws.websocketRefused', { how, origin }), fix: t('ws.socketIoOriginFix', { origin, file: envFile }), data };
  }
  const detail = t('ws.socketIoOk', { origin, rtt: socket.rttMs });
  return { status: 'ok', detail: login?.token ? `${detail} ${t('ws.withToken', { email: login.email })}` : detail, data };
}

/** The namespace CONNECT was refused: the browser's `connect_error`, with the server's message. */
function refusedVerdict(ctx: CheckContext, message: string, login: WsLogin | undefined, data: Verdict<'ws'>['data']): Verdict<'ws'> {
  const { t } = ctx;
  const { emailEnv, passwordEnv } = ctx.project.config.smoke;
  const file = shown(ctx, ctx.project.backends[ctx.backend].envFile);
  const place = ctx.project.config.backends.bun.socketToken;
  if (!AUTH_REFUSAL.test(message)) {
    return { status: 'fail', detail: t('ws.connectRefused', { message }), fix: t('ws.connectRefusedFix'), data };
  }
  if (login?.token) {
    return { status: 'fail', detail: `${t('ws.connectRefused', { message })} ${t('ws.tokenRejected', { email: login.email, place })}`, fix: t('ws.jwtFix', { place }), data };
  }
  if (login?.timedOut) return loginTimedOutVerdict(ctx, t('ws.connectRefused', { message }), login, data);
  const why = login
    ? t('ws.loginFailed', { email: login.email, status: login.status ?? login.error ?? '?' })
    : t('ws.noCredentials', { emailEnv, passwordEnv, file });
  return { status: 'fail', detail: `${t('ws.connectRefused', { message })} ${t('ws.anonymousRefused')} ${why}`, fix: t('ws.jwtFixAnonymous', { emailEnv, passwordEnv }), data };
}

/**
 * Refused without a token because the login did not answer in time: the refusal is the
 * missing token's, not proof of a JWT problem. A warning that says so, with the longer
 * --timeout to try (the first requests to a backend that has just started can be slow).
 */
function loginTimedOutVerdict(ctx: CheckContext, refused: string, login: WsLogin, data: Verdict<'ws'>['data']): Verdict<'ws'> {
  const { t } = ctx;
  const longer = Math.max(5000, ctx.timeoutMs * 3);
  return { status: 'warn', detail: `${refused} ${t('ws.anonymousRefused')} ${t('ws.loginFailed', { email: login.email, status: login.error ?? '?' })}`, fix: t('ws.loginTimedOutFix', { ms: longer }), data };
}

function phoenixVerdict(ctx: CheckContext, probe: PhoenixProbe, serverIsSocketIo: boolean, login: WsLogin | undefined): Verdict<'ws'> {
  const { t } = ctx;
  const data = { protocol: 'phoenix' as const, ...probe, ...(login ? { login } : {}) };
  const origin = ctx.frontendOrigin;
  if (probe.connected && probe.heartbeat) {
    const ok = t('ws.phoenixOk', { url: probe.url, origin, rtt: probe.heartbeat.rttMs });
    const join = probe.join;
    if (!join) return { status: 'ok', detail: ok, data };
    if (join.status === 'ok') return { status: 'ok', detail: `${ok} ${t('ws.phoenixJoined', { topic: join.topic })}`, data };
    if (join.status === 'timeout') {
      return { status: 'fail', detail: t('ws.phoenixJoinTimeout', { topic: join.topic, ms: join.ms }), fix: t('ws.phoenixJoinTimeoutFix', { topic: join.topic }), data };
    }
    const detail = t('ws.phoenixJoinError', { topic: join.topic, reason: join.reason });
    if (join.reason === 'unmatched topic') return { status: 'fail', detail, fix: t('ws.phoenixUnmatchedFix', { topic: join.topic }), data };
    if (AUTH_REFUSAL.test(join.reason)) {
      if (!join.withToken && login?.timedOut) return loginTimedOutVerdict(ctx, detail, login, data);
      const { emailEnv, passwordEnv } = ctx.project.config.smoke;
      const why = join.withToken
        ? t('ws.phoenixTokenRejected', { email: login?.email ?? '?' })
        : login
          ? t('ws.loginFailed', { email: login.email, status: login.status ?? login.error ?? '?' })
          : t('ws.noCredentials', { emailEnv, passwordEnv, file: shown(ctx, ctx.project.backends[ctx.backend].envFile) });
      return { status: 'fail', detail: `${detail} ${why}`, fix: join.withToken ? t('ws.phoenixJwtFix') : t('ws.jwtFixAnonymous', { emailEnv, passwordEnv }), data };
    }
    return { status: 'fail', detail, fix: t('ws.phoenixJoinFix', { topic: join.topic }), data };
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
