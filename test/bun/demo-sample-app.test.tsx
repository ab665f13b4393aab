/**
 * The demo runs the fixture's real Bun backend (not the stand-in): under the found Bun when
 * there is one, else under Node, on the demo's embedded PostgreSQL and its own Redis
 * (redis-server, else a RESP stand-in); the banner says which.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { prepareDemo, type DemoWorld } from '../../source/demo/prepare.js';
import { translator } from '../../source/i18n/index.js';
import { findPortOwners } from '../../source/probes/port-owner.js';
import { DemoBanner } from '../../source/ui/demo-banner.js';
import { BUN, healthStatus, login, socketIoConnect } from '../helpers/real-bun.js';

let world: DemoWorld | undefined;
const saved = { BUN_BINARY: process.env.BUN_BINARY, PATH: process.env.PATH };
afterEach(async () => {
  await world?.stop();
  world = undefined;
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

/** Starts the demo's world and proves the sample app serves it: health, the seeded login, Socket.IO behind its middleware. */
async function startAndProbe(): Promise<{ command: string; banner: string }> {
  world = await prepareDemo();
  const services: Record<string, { state?: 'ready' | 'failed' | 'starting' | 'skipped'; detail?: string }> = { postgres: {}, redis: {}, backend: {} };
  await world.start((service, state, detail) => (services[service] = { state, ...(detail ? { detail } : {}) }));
  expect(services, JSON.stringify(services)).toMatchObject({ postgres: { state: 'ready' }, redis: { state: 'ready' }, backend: { state: 'ready', detail: 'bun' } });
  const apiUrl = `http://localhost:${world.apiPort}`;
  expect(await healthStatus(apiUrl)).toBe(200);
  const token = await login(apiUrl);
  expect(await socketIoConnect(apiUrl, token)).toEqual({ hello: { backend: 'bun', user: 'demo@ecredit.test' } });
  const [owner] = await findPortOwners([world.apiPort]);
  expect(owner!.cwd).toBe(join(world.root, 'apps/backend'));
  const t = translator('en');
  const board = { services: { postgres: { state: 'ready' as const, since: 0 }, redis: { state: 'ready' as const, since: 0, ...(services.redis!.detail ? { detail: services.redis!.detail } : {}) }, backend: { state: 'ready' as const, detail: 'bun', since: 0 } }, settled: true, ms: 0, waiting: false };
  const { lastFrame, unmount } = render(<DemoBanner t={t} root={world.root} keep={false} app={world.app} board={board} running={world.running} />);
  const banner = lastFrame()!.replace(/[│╭╮╰╯─]/g, ' ').replace(/\s+/g, ' ');
  unmount();
  return { command: owner!.command ?? '', banner };
}

describe('the demo runs the sample app itself as its Bun backend', () => {
  // Skipped without a working Bun binary: node scripts/find-bun.js --verbose says why.
  it.skipIf(!BUN.found)(`under the Bun binary found, with every step command of backend-switch.yaml the app's own${BUN.found ? '' : ' (skipped: no working Bun binary)'}`, async () => {
    const { command, banner } = await startAndProbe();
    expect(world!.app).toMatchObject({ backend: 'bun', runtime: 'Bun', version: BUN.found ? BUN.version : '' });
    expect(command).toBe(`${BUN.found ? BUN.path : ''} src/index.js`);
    expect(banner).toContain(`active backend bun (the sample app itself, run by Bun ${BUN.found ? BUN.version : ''})`);
    const yaml = readFileSync(join(world!.root, 'backend-switch.yaml'), 'utf8');
    expect(yaml).toContain(`migrate: "${BUN.found ? BUN.path : ''} run db:migrate", start: "${BUN.found ? BUN.path : ''} run dev"`);
  }, 60_000);

  it('under Node when no Bun binary works, and on a Redis stand-in when no redis-server is installed', async () => {
    process.env.BUN_BINARY = '/nonexistent/bun'; // an explicit BUN_BINARY that does not work: no Bun at all
    process.env.PATH = '/nonexistent'; // no redis-server (the demo spawns node and bun by absolute path)
    const { command, banner } = await startAndProbe();
    expect(world!.app).toMatchObject({ backend: 'bun', runtime: 'Node', version: process.versions.node });
    expect(command).toMatch(/node src\/index\.js$/);
    expect(banner).toContain(`active backend bun (the sample app itself, run by Node ${process.versions.node}: no working Bun binary found)`);
    expect(banner).toContain('Redis (stand-in: no redis-server installed)');
  }, 60_000);

  it.each([
    ['cors', 'its one-key fix edits FRONTEND_URL, which the real app reads only when it starts'],
    ['db-down', 'the real app exits when PostgreSQL is unreachable at start'],
  ] as const)('keeps the stand-in in the %s scenario: %s', async (scenario, _why) => {
    world = await prepareDemo(scenario);
    expect(world.app).toBeUndefined();
    expect(readFileSync(join(world.root, 'backend-switch.yaml'), 'utf8')).toContain('backend-main.js bun serve');
  });
});
