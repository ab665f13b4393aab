import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareDemo } from '../../source/demo/prepare.js';
import { translator } from '../../source/i18n/index.js';
import { finishRun } from '../../source/report/finish.js';
import { createStepContext } from '../../source/steps/context.js';
import { SwitchEngine, scriptedAnswerer } from '../../source/steps/engine.js';

describe('the demo in Docker mode', () => {
  it('switches with its own compose and Engine API stand-ins and its embedded database: no docker binary runs, no connection goes to port 5432', async () => {
    // A `docker` first on PATH that only records that it ran.
    const bin = mkdtempSync(join(tmpdir(), 'bs-fake-docker-'));
    const ran = join(bin, 'ran');
    writeFileSync(join(bin, 'docker'), `#!/bin/sh\necho "$@" >> ${ran}\nexit 1\n`);
    chmodSync(join(bin, 'docker'), 0o755);
    const path = process.env.PATH;
    process.env.PATH = `${bin}:${path}`;
    // Every TCP connection this process opens, by port.
    const ports: number[] = [];
    const connect = Socket.prototype.connect;
    Socket.prototype.connect = function (this: Socket, ...args: Parameters<Socket['connect']>) {
      const [first] = args;
      const options: unknown = Array.isArray(first) ? first[0] : first; // net.connect hands over its normalized arguments
      const port = typeof options === 'number' ? options : typeof options === 'object' && options !== null && 'port' in options ? Number(options.port) : NaN;
      if (Number.isFinite(port)) ports.push(port);
      return connect.apply(this, args);
    } as Socket['connect'];

    const world = await prepareDemo();
    try {
      await world.start(() => {});
      const settings = { project: { root: world.root }, t: translator('en'), apiUrl: `http://localhost:${world.apiPort}`, frontendOrigin: 'http://localhost:5173', timeoutMs: 2000 };
      const engine = new SwitchEngine({
        to: 'elixir',
        mode: 'docker',
        answerer: scriptedAnswerer(true),
        finish: finishRun,
        createContext: (to, mode) => createStepContext(settings, { to, mode, signal: new AbortController().signal }),
      });
      const { finished } = await engine.run();
      expect(finished.report.result, JSON.stringify(finished.report.steps.map((s) => `${s.id}:${s.status}:${s.detail}`))).toMatch(/^(switched|partial)$/);
      expect(readFileSync(join(world.root, 'docker-compose.yml'), 'utf8')).toContain('backend-ex:');
    } finally {
      Socket.prototype.connect = connect;
      process.env.PATH = path;
      await world.stop();
    }
    expect(existsSync(ran) ? readFileSync(ran, 'utf8') : '').toBe('');
    expect(ports).not.toContain(5432);
    expect(ports).toContain(world.postgresPort);
  }, 60_000);
});
