import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { prepareDemo, type DemoWorld, type Scenario } from '../../source/demo/prepare.js';
import { renderTroubleshoot } from '../helpers/troubleshoot.js';

let world: DemoWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

/**
 * Each scenario: the panel failing with its fix offered, the key, what the confirmation shows, the repaired panel;
 * and what the screen's header says before and after (it is read anew each round).
 */
const CASES: [Scenario, string, { failing: string; key: string; shows: string; fixed: (apiPort: number) => string; header?: [RegExp, RegExp] }][] = [
  ['cors', 'FRONTEND_URL points elsewhere; f fixes it live', { failing: '✖ CORS', key: 'f', shows: '+FRONTEND_URL=http://localhost:5173', fixed: () => '✔ CORS' }],
  ['jwt', 'the backends disagree on JWT_SECRET; j copies it', { failing: '✖ JWT secret', key: 'j', shows: 'JWT_SECRET=sha256:', fixed: () => '✔ JWT secret' }],
  ['port', 'a leftover Elixir backend holds the API port; k stops it', { failing: '✖ Ports', key: 'k', shows: 'kill ', fixed: (port) => `nothing listens on port ${port}`, header: [/API :\d+ held by pid \d+/, /API :\d+ free/] }],
  ['db-down', 'PostgreSQL is not running; s starts it', { failing: '✖ PostgreSQL', key: 's', shows: 'embedded-postgres-main.js', fixed: () => '✔ PostgreSQL', header: [/· PostgreSQL down/, /· PostgreSQL up/] }],
];

type Troubleshoot = Awaited<ReturnType<typeof renderTroubleshoot>>;

/**
 * Until the panel shows `what`. A probe that timed out (a 2-core machine under load can keep a
 * fresh backend from answering within the 1 s these tests allow) is probed again, as the live
 * screen does every 1.5 s; at most three more rounds.
 */
async function untilPanel(ts: Troubleshoot, shows: (frame: string) => boolean, what: string): Promise<void> {
  for (let round = 0; ; round += 1) {
    const frame = await ts.waitFor((f) => shows(f) || f.includes('timed out after'), what, 40_000);
    if (shows(frame)) return;
    if (round === 3) throw new Error(`still timing out after ${round + 1} rounds, waiting for ${what}:\n${frame}`);
    await ts.nextRound();
  }
}

describe('demo --scenario: starts broken, and the troubleshoot screen fixes it', () => {
  it.each(CASES)('%s: %s', async (scenario, _story, { failing, key, shows, fixed, header }) => {
    world = await prepareDemo(scenario);
    await world.start(() => {});
    const ts = await renderTroubleshoot(world.root, { apiUrl: `http://localhost:${world.apiPort}`, backend: 'bun' });
    await untilPanel(ts, (f) => f.includes(failing) && f.includes(`[${key}]`), `${failing} with its fix [${key}]`);
    if (header) expect(ts.frame().split('\n')[1]).toMatch(header[0]);
    ts.press(key);
    await ts.waitFor((f) => f.includes(shows) && f.includes('Apply it?'), 'what the fix will do');
    ts.press('y');
    const after = await ts.waitFor((f) => f.includes(fixed(world!.apiPort)), 'the repaired panel', 40_000);
    if (header) expect(after.split('\n').find((line) => line.startsWith('Judging'))).toMatch(header[1]);
    ts.stop();
  }, 90_000);

  it("cors judged for the direction the first screen highlights (elixir): f edits the running Bun backend's apps/backend/.env, where the wrong origin is", async () => {
    world = await prepareDemo('cors');
    await world.start(() => {});
    const ts = await renderTroubleshoot(world.root, { apiUrl: `http://localhost:${world.apiPort}`, backend: 'elixir' });
    await untilPanel(ts, (f) => f.includes('✖ CORS') && f.includes('[f]'), '✖ CORS with its fix [f]');
    ts.press('f');
    await ts.waitFor((f) => f.includes('in apps/backend/.env ') && f.includes('+FRONTEND_URL=http://localhost:5173') && f.includes('Apply it?'), 'the fix on apps/backend/.env');
    ts.press('y');
    await ts.waitFor((f) => f.includes('✔ CORS'), 'the repaired panel', 40_000);
    ts.stop();
    expect(readFileSync(join(world.root, 'apps/backend/.env'), 'utf8')).toContain('FRONTEND_URL=http://localhost:5173');
  }, 90_000);
});
