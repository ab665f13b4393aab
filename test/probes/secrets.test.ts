import { describe, expect, it } from 'vitest';
import { fingerprint, generateSecretKeyBase, redactUrl } from '../../source/util/secrets.js';

describe('secrets', () => {
  it('generates SECRET_KEY_BASE as mix phx.gen.secret does: 64 base64 characters, never the same twice', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i += 1) {
      const secret = generateSecretKeyBase();
      expect(secret).toMatch(/^[A-Za-z0-9+/]{64}$/);
      seen.add(secret);
    }
    expect(seen.size).toBe(50);
  });

  it('shows a secret only as a fingerprint, and a URL without its password', () => {
    expect(fingerprint('s3cret')).toMatch(/^sha256:[0-9a-f]{12}$/);
    expect(redactUrl('ecto://postgres:s3cret@db:5432/ecredit')).toBe('ecto://postgres:***@db:5432/ecredit');
  });
});
