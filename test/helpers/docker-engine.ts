import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEngineStandIn, type StandInContainer } from '../../source/standins/docker-engine.js';
import { closeServer, onClose } from './servers.js';

export type { StandInContainer };

/** The Engine API stand-in on a fresh unix socket, closed after the test; `requests` records each call. */
export async function dockerEngineStandIn(containers: StandInContainer[]): Promise<{ socketPath: string; requests: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'bs-docker-'));
  const socketPath = join(dir, 'docker.sock');
  const requests: string[] = [];
  const server = await startEngineStandIn(socketPath, containers, requests);
  onClose(async () => {
    await closeServer(server);
    rmSync(dir, { recursive: true, force: true });
  });
  return { socketPath, requests };
}
