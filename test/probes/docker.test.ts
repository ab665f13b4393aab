import { mkdtempSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { containerLogs, findContainer, probeDocker, startContainer } from '../../source/probes/docker.js';
import { dockerEngineStandIn } from '../helpers/docker-engine.js';
import { closeServer, onClose } from '../helpers/servers.js';

const signal = () => AbortSignal.timeout(5000);

describe('dockerode against the Engine API stand-in', () => {
  it('pings and lists the compose project containers', async () => {
    const engine = await dockerEngineStandIn([
      { id: 'c1', service: 'db', project: 'ecredit', state: 'running' },
      { id: 'c2', service: 'db', project: 'other', state: 'running' },
    ]);
    const probe = await probeDocker(engine.socketPath, 'ecredit', signal());
    expect(probe).toEqual({ ok: true, containers: [{ service: 'db', name: 'ecredit-db-1', state: 'running', status: 'Up 5 minutes' }] });
  });

  it('an engine that accepts and does not answer in time is "timeout" (busy), not "no-engine" (absent)', async () => {
    const socketPath = join(mkdtempSync(join(tmpdir(), 'bs-docker-')), 'docker.sock');
    const held: Socket[] = [];
    const server = createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    onClose(async () => {
      for (const socket of held) socket.destroy();
      await closeServer(server);
    });
    const probe = await probeDocker(socketPath, 'ecredit', AbortSignal.timeout(300));
    expect(probe).toMatchObject({ ok: false, failure: 'timeout', socketPath });
  });

  it('inspects a service container, starts it, and reads its logs without the stream framing', async () => {
    const engine = await dockerEngineStandIn([
      { id: 'c9', service: 'backend-ex', project: 'ecredit', state: 'exited', logs: [['stdout', '[info] Running EcreditWeb.Endpoint'], ['stderr', '** (RuntimeError) SECRET_KEY_BASE is missing']] },
    ]);
    const before = await findContainer(engine.socketPath, 'ecredit', 'backend-ex', signal());
    expect(before).toMatchObject({ id: 'c9', name: 'ecredit-backend-ex-1', running: false, status: 'exited', exitCode: 1 });
    await startContainer(engine.socketPath, 'c9', signal());
    expect((await findContainer(engine.socketPath, 'ecredit', 'backend-ex', signal()))!.running).toBe(true);
    expect(await containerLogs(engine.socketPath, 'c9', 10, signal())).toEqual(['[info] Running EcreditWeb.Endpoint', '** (RuntimeError) SECRET_KEY_BASE is missing']);
    expect(engine.requests).toEqual(expect.arrayContaining([expect.stringMatching(/^POST \/containers\/c9\/start/), expect.stringMatching(/^GET \/containers\/c9\/logs\?.*tail=10/)]));
  });

  it('stops waiting for an engine that accepts and never answers once the signal aborts (the ping carries it)', async () => {
    const socketPath = join(mkdtempSync(join(tmpdir(), 'bs-docker-')), 'docker.sock');
    const sockets = new Set<Socket>();
    const server = createServer((socket) => void sockets.add(socket.on('error', () => {})));
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    onClose(async () => {
      for (const socket of sockets) socket.destroy();
      await closeServer(server);
    });
    const started = performance.now();
    const probe = await probeDocker(socketPath, 'ecredit', AbortSignal.timeout(200));
    expect(probe).toMatchObject({ ok: false });
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('says there is no engine, without throwing, when nothing listens on the socket', async () => {
    const probe = await probeDocker('/tmp/no-such-dir/docker.sock', 'ecredit', signal());
    expect(probe).toMatchObject({ ok: false, failure: 'no-engine' });
  });
});
