import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const SCRIPT = new URL('../../scripts/docker-engine.sh', import.meta.url).pathname;
const STATE = process.env.DOCKER_ENGINE_STATE ?? '/var/tmp/backend-switch-docker';

/**
 * Vitest's global setup for `npm run test:docker`: the engine, Compose v2 and the base image
 * ready (scripts/docker-engine.sh start: quick when they are). No engine is a failure, never a
 * skip. A dockerd started here is stopped when the run ends; one already running is left alone.
 */
export default function setup(): () => void {
  const marker = join(STATE, 'started-dockerd');
  const startedBefore = existsSync(marker);
  const result = spawnSync('bash', [SCRIPT, 'start'], { stdio: 'inherit' });
  if (result.status !== 0) {
    throw new Error(`the real-Docker tests need a Docker engine with Compose v2 and the base image local/debian:bookworm: "bash scripts/docker-engine.sh start" failed (exit ${result.status ?? result.signal}, its output above). These tests fail rather than skip when asked to run.`);
  }
  const startedHere = !startedBefore && existsSync(marker);
  return () => {
    if (startedHere) spawnSync('bash', [SCRIPT, 'stop'], { stdio: 'inherit' });
  };
}
