import { httpRequest, type HeaderMap, type HttpAnswer } from './http.js';

/** Which rule of the Fetch standard's CORS check a response broke. */
export type CorsRule =
  | 'preflight-status'
  | 'preflight-redirect'
  | 'allow-origin-missing'
  | 'allow-origin-wildcard'
  | 'allow-origin-mismatch'
  | 'allow-credentials'
  | 'allow-headers'
  | 'allow-methods';

export interface CorsFailure {
  stage: 'preflight' | 'actual';
  rule: CorsRule;
  /** What the server sent for the header the rule is about (or the status). */
  received: string | null;
  /** For allow-headers / allow-methods: what was missing. */
  missing?: string[];
}

export interface CorsRequest {
  origin: string;
  method: string;
  headers: string[];
  credentials: boolean;
}

const SIMPLE_METHODS = new Set(['GET', 'HEAD', 'POST']);

/** The "CORS check" of fetch.bs: does the response allow this origin (and credentials)? */
export function corsCheck(headers: HeaderMap, request: CorsRequest, stage: CorsFailure['stage']): CorsFailure | undefined {
  const allowOrigin = headers.get('access-control-allow-origin');
  if (allowOrigin === null) return { stage, rule: 'allow-origin-missing', received: null };
  if (allowOrigin === '*') {
    if (request.credentials) return { stage, rule: 'allow-origin-wildcard', received: '*' };
    return undefined;
  }
  if (allowOrigin !== request.origin) return { stage, rule: 'allow-origin-mismatch', received: allowOrigin };
  if (request.credentials) {
    const allowCredentials = headers.get('access-control-allow-credentials');
    if (allowCredentials !== 'true') return { stage, rule: 'allow-credentials', received: allowCredentials };
  }
  return undefined;
}

/** The "CORS-preflight fetch" verdict: status, the CORS check, then methods and headers. */
export function judgePreflight(answer: Pick<HttpAnswer, 'status' | 'headers'>, request: CorsRequest): CorsFailure | undefined {
  if (answer.status >= 300 && answer.status < 400) {
    return { stage: 'preflight', rule: 'preflight-redirect', received: String(answer.status) };
  }
  if (answer.status < 200 || answer.status > 299) {
    return { stage: 'preflight', rule: 'preflight-status', received: String(answer.status) };
  }
  const failure = corsCheck(answer.headers, request, 'preflight');
  if (failure) return failure;

  const allowMethods = headerList(answer.headers.get('access-control-allow-methods'));
  const method = request.method.toUpperCase();
  const methodAllowed =
    SIMPLE_METHODS.has(method) ||
    allowMethods.includes(method) ||
    (!request.credentials && allowMethods.includes('*'));
  if (!methodAllowed) {
    return { stage: 'preflight', rule: 'allow-methods', received: answer.headers.get('access-control-allow-methods'), missing: [method] };
  }

  const allowHeaders = headerList(answer.headers.get('access-control-allow-headers')).map((h) => h.toLowerCase());
  const wildcard = !request.credentials && allowHeaders.includes('*');
  const missing = request.headers
    .map((h) => h.toLowerCase())
    .filter((h) => !allowHeaders.includes(h) && !(wildcard && h !== 'authorization'));
  if (missing.length > 0) {
    return { stage: 'preflight', rule: 'allow-headers', received: answer.headers.get('access-control-allow-headers'), missing };
  }
  return undefined;
}

function headerList(value: string | null): string[] {
  if (!value) return [];
  return value.split(',').map((item) => item.trim()).filter(Boolean);
}

/** A request of the exchange failed (no answer, a timeout): which one, with the network error as its cause. */
export class CorsStageError extends Error {
  constructor(readonly stage: CorsFailure['stage'], cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'CorsStageError';
  }
}

function atStage<T>(stage: CorsFailure['stage'], request: Promise<T>): Promise<T> {
  return request.catch((error: unknown) => {
    throw new CorsStageError(stage, error);
  });
}

export interface CorsExchange {
  preflight: { url: string; sent: Record<string, string>; status: number; received: Record<string, string> };
  actual?: { url: string; sent: Record<string, string>; status: number; received: Record<string, string> };
  failure?: CorsFailure;
}

/**
 * What a browser at `origin` does for `fetch(url, {method, credentials: 'include',
 * headers: {Authorization, 'Content-Type': 'application/json'}})`: a preflight, then the
 * request itself, each judged as the browser would.
 */
export async function probeCors(url: string, request: CorsRequest, signal: AbortSignal): Promise<CorsExchange> {
  const preflightHeaders = {
    Origin: request.origin,
    'Access-Control-Request-Method': request.method,
    'Access-Control-Request-Headers': request.headers.map((h) => h.toLowerCase()).sort().join(','),
  };
  const preflight = await atStage('preflight', httpRequest(url, { method: 'OPTIONS', headers: preflightHeaders, signal }));
  const exchange: CorsExchange = {
    preflight: { url, sent: preflightHeaders, status: preflight.status, received: corsHeaders(preflight.headers) },
  };
  exchange.failure = judgePreflight(preflight, request);
  if (exchange.failure) return exchange;

  // The request itself, without a real token: only its CORS headers are judged.
  const actualHeaders = { Origin: request.origin, 'Content-Type': 'application/json', Authorization: 'Bearer backend-switch-probe' };
  const body = ['GET', 'HEAD'].includes(request.method.toUpperCase()) ? undefined : '{}';
  const actual = await atStage('actual', httpRequest(url, { method: request.method, headers: actualHeaders, ...(body ? { body } : {}), signal }));
  exchange.actual = { url, sent: { ...actualHeaders, Authorization: 'Bearer …' }, status: actual.status, received: corsHeaders(actual.headers) };
  exchange.failure = corsCheck(actual.headers, request, 'actual');
  return exchange;
}

function corsHeaders(headers: HeaderMap): Record<string, string> {
  const picked: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (name.startsWith('access-control-') || name === 'vary' || name === 'location') picked[name] = value;
  });
  return picked;
}
