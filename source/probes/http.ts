import { request as httpRequestRaw, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequestRaw } from 'node:https';

/** Response headers as fetch's Headers reads them (names lower-case, repeats joined by ", "). */
export interface HeaderMap {
  get(name: string): string | null;
  forEach(callback: (value: string, name: string) => void): void;
}

export interface HttpAnswer {
  status: number;
  headers: HeaderMap;
  body: string;
  url: string;
}

export interface HttpRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

/**
 * One request with node:http, never following redirects (a browser fails a redirected
 * preflight). node:http rather than fetch: fetch compiles undici on first use (~20 ms of
 * every doctor run), and probes need none of it.
 */
export function httpRequest(url: string, request: HttpRequest): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequestRaw : httpRequestRaw;
    const req = send(target, { method: request.method ?? 'GET', headers: request.headers, signal: request.signal }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: headerMap(res.headers), body: Buffer.concat(chunks).toString('utf8'), url }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(request.body);
  });
}

function headerMap(raw: IncomingHttpHeaders): HeaderMap {
  const entries = Object.entries(raw).flatMap(([name, value]) => (value === undefined ? [] : [[name.toLowerCase(), Array.isArray(value) ? value.join(', ') : value] as const]));
  const map = new Map(entries);
  return { get: (name) => map.get(name.toLowerCase()) ?? null, forEach: (callback) => map.forEach((value, name) => callback(value, name)) };
}

/** `http://host/api` + `/health` → `http://host/api/health` (the API URL may carry a prefix). */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
