import { BACKENDS, type BackendName } from './config.js';
import type { EnvFile } from './env-file.js';
import type { Project } from './project.js';

export interface KeptJwtSecret {
  secret: string;
  /** The env file it is read from. */
  path: string;
  /** running: the backend on the API port signs with it; compose: .env.docker holds it; shared: most places do. */
  why: 'running' | 'compose' | 'shared';
  shared: number;
  places: number;
}

/**
 * Which JWT_SECRET keeps the tokens people already hold valid (guide §6): the one the
 * running backend signs with, else the one in .env.docker, else the one most places share.
 */
export function keptJwtSecret(project: Project, running: BackendName | undefined): KeptJwtSecret | undefined {
  const places = [...BACKENDS.map((b) => project.backends[b].env), project.composeEnv].filter((env) => env.values.JWT_SECRET);
  const count = (secret: string) => places.filter((env) => env.values.JWT_SECRET === secret).length;
  const pick = (env: EnvFile | undefined, why: 'running' | 'compose' | 'shared') => {
    const secret = env?.values.JWT_SECRET;
    return env && secret ? { secret, path: env.path, why, shared: count(secret), places: places.length } : undefined;
  };
  const runningEnv = running ? project.backends[running].env : undefined;
  const mostShared = [...places].sort((a, b) => count(b.values.JWT_SECRET!) - count(a.values.JWT_SECRET!))[0];
  return pick(runningEnv, 'running') ?? pick(project.composeEnv.exists ? project.composeEnv : undefined, 'compose') ?? pick(mostShared, 'shared');
}
