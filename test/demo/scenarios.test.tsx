import { afterEach, describe, expect, it } from 'vitest';
import { prepareDemo, type DemoWorld, type Scenario } from '../../source/demo/prepare.js';
import { renderTroubleshoot } from '../helpers/troubleshoot.js';

let world: DemoWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

async function scenario(name: Scenario) {
  world = await prepareDemo(name);
  await world.start(() => {});
  return renderTroubleshoot(world.root, { apiUrl: `http://localhost:${world.apiPort}`, backend: 'bun' });
}

describe('demo --scenario: starts broken, and the troubleshoot screen fixes it', () => {
  it('cors: FRONTEND_URL points elsewhere; f fixes it live', async () => {
    const ts = await scenario('cors');
    await ts.waitFor((f) => f.includes('✖ CORS') && f.includes('[f]'), 'CORS failing');
    ts.press('f');
    await ts.waitFor((f) => f.includes('Apply it?'), 'the diff');
    ts.press('y');
    await ts.waitFor((f) => f.includes('✔ CORS'), 'CORS ok');
    ts.stop();
  }, 60_000);

  it('jwt: the backends disagree on JWT_SECRET; j copies it', async () => {
    const ts = await scenario('jwt');
    await ts.waitFor((f) => f.includes('✖ JWT secret') && f.includes('[j]'), 'JWT failing');
    ts.press('j');
    await ts.waitFor((f) => f.includes('Apply it?'), 'the masked diff');
    ts.press('y');
    await ts.waitFor((f) => f.includes('✔ JWT secret'), 'JWT ok');
    ts.stop();
  }, 60_000);

  it('port: a leftover Elixir backend holds the API port; k stops it', async () => {
    const ts = await scenario('port');
    await ts.waitFor((f) => f.includes('✖ Ports') && f.includes('[k]'), 'the port held by the other backend');
    ts.press('k');
    await ts.waitFor((f) => f.includes('Apply it?'), 'the command');
    ts.press('y');
    await ts.waitFor((f) => f.includes(`nothing listens on port ${world!.apiPort}`), 'the port free');
    ts.stop();
  }, 60_000);

  it('db-down: PostgreSQL is not running; s starts it', async () => {
    const ts = await scenario('db-down');
    await ts.waitFor((f) => f.includes('✖ PostgreSQL') && f.includes('[s] Start PostgreSQL'), 'the database down');
    ts.press('s');
    await ts.waitFor((f) => f.includes('embedded-postgres-main.js') && f.includes('Apply it?'), 'the start command');
    ts.press('y');
    await ts.waitFor((f) => f.includes('✔ PostgreSQL'), 'the database up', 40_000);
    ts.stop();
  }, 90_000);
});
