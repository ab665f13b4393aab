import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planned } from '../../../source/steps/migrate.js';
import { containerUrl } from '../../../source/steps/rehearsal.js';
import { targetDatabaseUrl } from '../../../source/steps/support.js';
import { copyFixture, NOWHERE_PORT } from '../../helpers/fixture.js';
import { stepContext } from '../../helpers/steps.js';

// What a real engine showed: in Docker mode the database is the stack's, reached from the host
// through the port `db` publishes and from a container by the service name, never the one a
// backend's development .env names.
describe('the database of a Docker-mode switch', () => {
  it('given the compose file runs only the Bun service, a switch to Elixir reads the database that service uses, not apps/backend-ex/.env\'s', () => {
    const root = copyFixture();
    const env = join(root, 'apps/backend-ex/.env');
    writeFileSync(env, readFileSync(env, 'utf8').replace(/^DATABASE_URL=.*$/m, 'DATABASE_URL=ecto://postgres:devpass@localhost:5432/ecredit_dev'));
    const ctx = stepContext(root, { to: 'elixir', mode: 'docker' });
    expect(targetDatabaseUrl(ctx)).toBe(`postgres://postgres:ecredit123@127.0.0.1:${NOWHERE_PORT}/ecredit`); // db's published port, .env.docker's password
    expect(targetDatabaseUrl(stepContext(root, { to: 'elixir', mode: 'dev' }))).toBe('ecto://postgres:devpass@localhost:5432/ecredit_dev');
  });

  it('the rehearsal\'s migrate container gets the service\'s own URL, interpolated from .env.docker, on the scratch database', () => {
    const root = copyFixture();
    const ctx = stepContext(root, { to: 'bun', mode: 'docker' });
    expect(containerUrl(ctx, 'ecredit_rehearsal_1')).toBe('postgres://postgres:ecredit123@db:5432/ecredit_rehearsal_1');
  });

  it('compose run takes that URL from the environment (-e DATABASE_URL alone): never on the command line', () => {
    const root = copyFixture();
    const ctx = stepContext(root, { to: 'bun', mode: 'docker' });
    const [command] = planned(ctx, { host: 'postgres://postgres:ecredit123@127.0.0.1:5432/scratch', container: 'postgres://postgres:ecredit123@db:5432/scratch' });
    expect(command!.command).toMatch(/ run --rm -e DATABASE_URL backend bun run db:migrate$/);
    expect(command!.command).not.toContain('ecredit123');
    expect(command!.env).toEqual({ DATABASE_URL: 'postgres://postgres:ecredit123@db:5432/scratch' });
  });
});
