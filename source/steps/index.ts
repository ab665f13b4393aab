import { database } from './database.js';
import { frontendStep } from './frontend.js';
import { migrate } from './migrate.js';
import { preflight } from './preflight.js';
import { start } from './start.js';
import { stopOld } from './stop-old.js';
import type { Step } from './types.js';
import { verify } from './verify.js';

/** Guide §1 and §5 in order: the development-mode switch, both directions. */
export const DEV_STEPS: readonly Step[] = [preflight, stopOld, database, migrate, frontendStep, start, verify];
