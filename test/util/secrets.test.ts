import { describe, expect, it } from 'vitest';
import { fingerprint, generateSecretKeyBase } from '../../source/util/secrets.js';
import { redactDeep, redactorFor, redactShapes } from '../../source/util/redact.js';

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
    expect(redactShapes('ecto://postgres:s3cret@db:5432/ecredit')).toBe('ecto://postgres:***@db:5432/ecredit');
  });
});

describe('the one redaction function', () => {
  const redact = redactorFor([{ values: { JWT_SECRET: 'marker-jwt-1', DATABASE_URL: 'postgres://app:marker-pw-2@db/x', PORT: '3000' } }]);

  it.each([
    ['a secret-named key in a dotenv line, LF or CRLF', 'JWT_SECRET=anything-new\r', /^JWT_SECRET=sha256:[0-9a-f]{12}\r$/],
    ['an exported, quoted one', 'export SECRET_KEY_BASE="generated-now"', /^export SECRET_KEY_BASE="sha256:[0-9a-f]{12}"$/],
    ['a YAML one', '    POSTGRES_PASSWORD: hunter2', /^ {4}POSTGRES_PASSWORD: sha256:[0-9a-f]{12}$/],
    ['a JSON one', '{"SMOKE_PASSWORD":"demo1234"}', /^\{"SMOKE_PASSWORD":"sha256:[0-9a-f]{12}"\}$/],
    ['flags of a command line', 'server --password=hunter2 --token t0k3n', /^server --password=sha256:[0-9a-f]{12} --token sha256:[0-9a-f]{12}$/],
    ['the password of any URL', 'redis://:pass@redis:6379', /^redis:\/\/:\*\*\*@redis:6379$/],
    ['a known value anywhere', 'the token is marker-jwt-1, see', /^the token is sha256:[0-9a-f]{12}, see$/],
    ['a known URL password on its own', 'failed for marker-pw-2', /^failed for sha256:[0-9a-f]{12}$/],
  ])('hides %s', (_what, text, shown) => {
    expect(redact(text)).toMatch(shown);
  });

  it.each([
    'VITE_API_URL=http://localhost:3000',
    'PORT=3000',
    '  JWT_SECRET: ${JWT_SECRET}',
    'POSTGRES_PASSWORD=PASSWORD',
    'monkey=banana',
    'JWT_SECRET=sha256:0123456789ab',
  ])('leaves %j as it is', (text) => {
    expect(redact(text)).toBe(text);
  });

  it('replaces a known value only as a whole token: a password such as `postgres` leaves paths and names whole', () => {
    const pglite = redactorFor([{ values: { DATABASE_URL: 'postgres://postgres:postgres@127.0.0.1:5432/ecredit' } }]);
    expect(pglite('node dist/standins/embedded-postgres-main.js --port 5')).toBe('node dist/standins/embedded-postgres-main.js --port 5');
    expect(pglite('systemctl start postgresql.service')).toBe('systemctl start postgresql.service');
    expect(pglite('DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/ecredit')).toBe('DATABASE_URL=postgres://postgres:***@127.0.0.1:5432/ecredit');
    expect(pglite('the password postgres was refused')).toMatch(/^the password sha256:[0-9a-f]{12} was refused$/);
    expect(pglite('it was postgres.')).toMatch(/^it was sha256:[0-9a-f]{12}\.$/);
  });

  it('redacts every string of a JSON value, and keeps its shape', () => {
    const out = redactDeep({ ports: [{ command: 'node app.js postgres://u:pw123@db/x --password=pw123' }], n: 3 }, redact);
    expect(JSON.stringify(out)).not.toContain('pw123');
    expect(out.n).toBe(3);
  });

  it('printed JSON stays JSON: a list or map under a secret-named key (the compose check\'s literalSecrets) is not a value to hide', () => {
    const data = { literalSecrets: [], secretFiles: {}, named: ['JWT_SECRET'], JWT_SECRET: 'k7Qe9vLm2Xp4' };
    for (const text of [JSON.stringify(data, null, 2), JSON.stringify(data)]) {
      const out = redactShapes(text);
      expect(JSON.parse(out)).toMatchObject({ literalSecrets: [], secretFiles: {}, named: ['JWT_SECRET'] });
      expect(out).not.toContain('k7Qe9vLm2Xp4');
    }
  });
});
