import { httpRequest, joinUrl } from './http.js';

export interface SmokeSettings {
  loginPath: string;
  emailEnv: string;
  passwordEnv: string;
}

export interface SmokeCredentials {
  loginPath: string;
  email: string;
  password: string;
}

/** The smoke user named by smoke.emailEnv / passwordEnv: the process environment wins over the target's env. */
export function smokeCredentials(smoke: SmokeSettings, targetEnv: Record<string, string | undefined>): SmokeCredentials | undefined {
  const env = { ...targetEnv, ...process.env };
  const email = env[smoke.emailEnv];
  const password = env[smoke.passwordEnv];
  return email && password ? { loginPath: smoke.loginPath, email, password } : undefined;
}

export type SmokeLogin =
  | { ok: true; status: number; token?: string }
  | { ok: false; status?: number; error?: string };

/** POST {email, password} as the frontend does; a 2xx answer's token (`token`, `access_token`, `jwt`, `data.token`), if any. */
export async function smokeLogin(apiUrl: string, credentials: SmokeCredentials, origin: string, signal: AbortSignal): Promise<SmokeLogin> {
  try {
    const answer = await httpRequest(joinUrl(apiUrl, credentials.loginPath), {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({ email: credentials.email, password: credentials.password }),
      signal,
    });
    if (answer.status < 200 || answer.status > 299) return { ok: false, status: answer.status };
    const token = tokenOf(answer.body);
    return { ok: true, status: answer.status, ...(token ? { token } : {}) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

function tokenOf(body: string): string | undefined {
  try {
    const data = JSON.parse(body) as Record<string, unknown> & { data?: Record<string, unknown> };
    const found = [data.token, data.access_token, data.accessToken, data.jwt, data.data?.token].find((v) => typeof v === 'string' && v);
    return found as string | undefined;
  } catch {
    return undefined;
  }
}
