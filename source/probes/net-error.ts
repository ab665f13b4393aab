export type NetFailure = 'refused' | 'unknown-host' | 'timeout' | 'reset' | 'aborted' | 'other';

const CODES: Record<string, NetFailure> = {
  ECONNREFUSED: 'refused',
  ENOTFOUND: 'unknown-host',
  EAI_AGAIN: 'unknown-host',
  EAI_NONAME: 'unknown-host',
  ETIMEDOUT: 'timeout',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  UND_ERR_SOCKET: 'reset',
};

/** Node's and undici's network errors (including fetch's `cause` chain) by what the user must do. */
export function classifyNetError(error: unknown): { kind: NetFailure; code?: string; message: string } {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth += 1) {
    const err = current as { code?: string; name?: string; message?: string; cause?: unknown; errors?: unknown[] };
    if (err.name === 'AbortError' || err.name === 'TimeoutError') return { kind: 'aborted', message: 'aborted' };
    if (err.code && CODES[err.code]) return { kind: CODES[err.code]!, code: err.code, message: err.message ?? err.code };
    // Happy-eyeballs connects (localhost → ::1 and 127.0.0.1) fail with an AggregateError.
    current = err.cause ?? err.errors?.[0];
  }
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'other', message };
}
