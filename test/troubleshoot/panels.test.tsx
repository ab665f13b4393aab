import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { attachPhoenixSocket } from '../../source/standins/phoenix-channels.js';
import { copyFixture } from '../helpers/fixture.js';
import { closedPort, closeServer, onClose } from '../helpers/servers.js';
import { panelLine, renderTroubleshoot } from '../helpers/troubleshoot.js';

const ORIGIN = 'http://localhost:5173';
const TITLES = ['Ports', 'PostgreSQL', 'CORS', 'WebSocket', 'JWT secret'];

/** The panel titles top to bottom, each as often as it appears. */
function panelOrder(frame: string): string[] {
  return frame.split('\n').flatMap((line) => TITLES.filter((title) => new RegExp(`[✔⚠✖○…] ${title}\\b`).test(line)));
}

describe('the troubleshoot panels', () => {
  it('turn from fail to ok in place as the test repairs the world under them (a server on the port, then CORS headers)', async () => {
    const port = await closedPort();
    const ts = await renderTroubleshoot(copyFixture(), { apiUrl: `http://127.0.0.1:${port}`, backend: 'elixir' });
    const first = await ts.waitFor((f) => f.includes('○ WebSocket') && f.includes('○ CORS'), 'nothing answering yet');
    expect(panelOrder(first)).toEqual(TITLES);

    // Repair 1: a Phoenix endpoint starts on the port, with CORS that forgets the origin.
    let allowOrigin: string | undefined;
    const http = createServer((req: IncomingMessage, res: ServerResponse) => {
      const headers: Record<string, string> = allowOrigin ? { 'access-control-allow-origin': allowOrigin, 'access-control-allow-credentials': 'true', 'access-control-allow-headers': 'authorization,content-type' } : {};
      res.writeHead(req.method === 'OPTIONS' ? 204 : 401, headers).end();
    });
    const detach = await attachPhoenixSocket(http, { path: '/ws', checkOrigin: [ORIGIN] });
    await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
    onClose(async () => {
      detach();
      await closeServer(http);
    });
    await ts.nextRound();
    const second = await ts.waitFor((f) => f.includes('✔ WebSocket') && f.includes('✖ CORS'), 'ws ok and CORS failing');
    expect(second).toContain('no Access-Control-Allow-Origin');
    expect(second).toContain('sent: OPTIONS · Origin http://localhost:5173 · POST · authorization,content-type');
    expect(panelOrder(second)).toEqual(TITLES); // updated in place: one panel each, same order, nothing appended

    // Repair 2: the CORS headers.
    allowOrigin = ORIGIN;
    await ts.nextRound();
    const third = await ts.waitFor((f) => f.includes('✔ CORS'), 'CORS ok');
    expect(panelOrder(third)).toEqual(TITLES);
    expect(third).toContain('may call');
    ts.stop();
  });

  it.each([80, 50])('stay readable %i columns wide: no line overflows, every panel titled', async (columns) => {
    const port = await closedPort();
    const ts = await renderTroubleshoot(copyFixture(), { apiUrl: `http://127.0.0.1:${port}`, backend: 'bun', columns });
    const frame = await ts.waitFor((f) => TITLES.every((title) => new RegExp(`[✔⚠✖○] ${title}\\b`).test(f)), 'all panels probed');
    for (const line of frame.split('\n')) expect(line.length, line).toBeLessThanOrEqual(columns);
    for (const title of ['Ports', 'PostgreSQL', 'CORS', 'WebSocket', 'JWT secret']) expect(panelLine(frame, title)).toBeGreaterThanOrEqual(0);
    expect(frame).toContain('nothing listens on port');
    ts.stop();
  });
});

