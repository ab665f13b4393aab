import { createHash, randomBytes } from 'node:crypto';

/** What may be shown of a secret: `sha256:` and the first 12 hex digits of its digest. */
export function fingerprint(secret: string): string {
  return `sha256:${createHash('sha256').update(secret).digest('hex').slice(0, 12)}`;
}

/** As `mix phx.gen.secret`: 64 random bytes, base64 without padding, first 64 characters. */
export function generateSecretKeyBase(): string {
  return randomBytes(64).toString('base64').replace(/=+$/, '').slice(0, 64);
}
