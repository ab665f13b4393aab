import { classifyNetError } from './net-error.js';

export type RedisFailure = 'refused' | 'unknown-host' | 'auth' | 'timeout' | 'bad-url' | 'other';
export type RedisProbe = { ok: true; reply: string } | { ok: false; failure: RedisFailure; message: string };

/** `PING` → `PONG`, once, with no retries: a doctor must report, not wait for a reconnect. */
export async function probeRedis(url: string, signal: AbortSignal, timeoutMs: number): Promise<RedisProbe> {
  try {
    const parsed = new URL(url);
    if (!['redis:', 'rediss:'].includes(parsed.protocol)) throw new Error('scheme');
  } catch {
    return { ok: false, failure: 'bad-url', message: 'REDIS_URL is not a redis:// URL' };
  }
  // ioredis is CommonJS: unbundled, Node's import finds its `Redis` export; bundled, only
  // `default` (module.exports: the class, which carries `Redis` as a property too).
  const ioredis = await import('ioredis');
  const Redis = ioredis.Redis ?? ioredis.default.Redis;
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
    enableReadyCheck: false,
  });
  let lastError: unknown;
  client.on('error', (error) => (lastError = error));
  const onAbort = () => client.disconnect();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    await client.connect();
    const reply = await client.ping();
    return reply === 'PONG' ? { ok: true, reply } : { ok: false, failure: 'other', message: `PING answered ${reply}` };
  } catch (error) {
    return { ok: false, ...classifyRedisError(lastError ?? error) };
  } finally {
    signal.removeEventListener('abort', onAbort);
    client.disconnect();
  }
}

function classifyRedisError(error: unknown): { failure: RedisFailure; message: string } {
  const message = error instanceof Error ? error.message : String(error);
  if (/NOAUTH|WRONGPASS|invalid password|AUTH/i.test(message)) return { failure: 'auth', message };
  const net = classifyNetError(error);
  if (net.kind === 'refused' || net.kind === 'unknown-host') return { failure: net.kind, message };
  if (net.kind === 'timeout' || /timed? ?out/i.test(message)) return { failure: 'timeout', message };
  return { failure: 'other', message };
}
