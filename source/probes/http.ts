export interface HttpAnswer {
  status: number;
  headers: Headers;
  body: string;
  url: string;
}

export interface HttpRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

/** One request, never following redirects (a browser fails a redirected preflight). */
export async function httpRequest(url: string, request: HttpRequest): Promise<HttpAnswer> {
  const response = await fetch(url, {
    method: request.method ?? 'GET',
    headers: request.headers,
    body: request.body,
    redirect: 'manual',
    signal: request.signal,
  });
  const body = await response.text();
  return { status: response.status, headers: response.headers, body, url };
}

/** `http://host/api` + `/health` → `http://host/api/health` (the API URL may carry a prefix). */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
