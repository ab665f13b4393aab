import { database } from './database.js';
import { deps } from './deps.js';
import { tests } from './tests.js';
import { frontendStep } from './frontend.js';
import { migrate } from './migrate.js';
import { preflight } from './preflight.js';
import { start } from './start.js';
import { stopOld } from './stop-old.js';
import type { Step } from './types.js';
import { verify } from './verify.js';
import { composeFile } from './docker/compose-file.js';
import { dockerfile } from './docker/dockerfile.js';
import { secrets } from './docker/secrets.js';
import { up } from './docker/up.js';
import { build } from './docker/build.js';
import type { Mode } from '../project/config.js';

/**
 * Guide §1 and §5 in order: the development-mode switch, both directions. The target's
 * dependencies and tests come before the old backend stops: a failure there leaves it serving.
 */
export const DEV_STEPS: readonly Step[] = [preflight, deps, tests, stopOld, database, migrate, frontendStep, start, verify];

/**
 * Guide §3 in order: secrets, the compose file, the frontend Dockerfile, the images built
 * (before anything stops, so a failed build leaves the old stack running), migrations in the
 * container, up.
 */
export const DOCKER_STEPS: readonly Step[] = [preflight, secrets, composeFile, dockerfile, build, migrate, up, verify];

export function stepsFor(mode: Mode): readonly Step[] {
  return mode === 'docker' ? DOCKER_STEPS : DEV_STEPS;
}
