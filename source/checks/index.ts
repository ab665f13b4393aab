import type { Check, CheckId } from '../core/check.js';
import { compose } from './compose.js';
import { cors } from './cors.js';
import { db } from './db.js';
import { docker } from './docker.js';
import { env } from './env.js';
import { frontend } from './frontend.js';
import { health } from './health.js';
import { jobs } from './jobs.js';
import { jwt } from './jwt.js';
import { layout } from './layout.js';
import { migrations } from './migrations.js';
import { port } from './port.js';
import { redis } from './redis.js';
import { ws } from './ws.js';

/** Every check, in SPEC.md's order (the order results are shown in). */
export const ALL_CHECKS: readonly Check[] = [layout, env, jwt, port, db, redis, migrations, jobs, health, cors, ws, frontend, compose, docker];

export function selectChecks(only: readonly CheckId[] | undefined): Check[] {
  return only ? ALL_CHECKS.filter((check) => only.includes(check.id)) : [...ALL_CHECKS];
}
