import { writeFileSync } from 'node:fs';
import type { Server as NetServer } from 'node:net';
import type { BackendName } from '../project/config.js';
import { startRedisStandIn } from '../standins/redis.js';
import { exited, onPath, untilLine, type DemoChildren } from './processes.js';

export type DemoService = 'postgres' | 'redis' | 'backend';
export type ServiceState = 'starting' | 'ready' | 'skipped' | 'failed';
export type ServiceProgress = (service: DemoService, state: ServiceState, detail?: string) => void;

/** What the demo starts, and how: decided by prepareDemo, run by startServices. */
export interface ServicePlan {
  root: string;
  postgresPort: number;
  redisPort: number;
  /** The embedded PostgreSQL's own process (none in the db-down scenario). */
  postgres?: string[];
  /** The backend holding the API port: its migrations (run once PostgreSQL is up) and its server. */
  backend: { name: BackendName; cwd: string; migrate?: { argv: string[]; cwd: string }; serve: string[]; argv0?: string; /** A file to write the server's pid to. */ pidFile?: string };
}

/**
 * Starts the embedded PostgreSQL and Redis side by side, then the backend (its migrations
 * need PostgreSQL, and the sample app answers /health 503 without Redis); each service's
 * progress is told as it comes. Resolves when every one is ready, failed or skipped; returns
 * the in-process Redis stand-in (when no redis-server is installed) for the caller to close.
 */
export async function startServices(plan: ServicePlan, children: DemoChildren, progress: ServiceProgress): Promise<{ redisStandIn?: NetServer }> {
  const node = process.execPath;
  const redisServer = onPath('redis-server');
  progress('backend', 'starting', plan.backend.name);
  const postgres = (async () => {
    if (!plan.postgres) return progress('postgres', 'skipped');
    progress('postgres', 'starting');
    const pg = children.spawn(node, plan.postgres, plan.root);
    progress('postgres', (await untilLine(pg, /ready/)) ? 'ready' : 'failed');
  })();
  let redisStandIn: NetServer | undefined;
  const redis = (async () => {
    progress('redis', 'starting', redisServer ? 'redis-server' : undefined);
    if (!redisServer) {
      redisStandIn = await startRedisStandIn(plan.redisPort).catch(() => undefined);
      return progress('redis', redisStandIn ? 'ready' : 'failed');
    }
    const server = children.spawn(redisServer, ['--port', String(plan.redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], plan.root);
    progress('redis', (await untilLine(server, /Ready to accept connections/i)) ? 'ready' : 'failed', 'redis-server');
  })();
  await Promise.all([postgres, redis]);
  const { backend } = plan;
  if (backend.migrate) {
    const [file, ...args] = backend.migrate.argv;
    await exited(children.spawn(file!, args, backend.migrate.cwd));
  }
  const [file, ...args] = backend.serve;
  const server = children.spawn(file!, args, backend.cwd, backend.argv0 ? { argv0: backend.argv0 } : {});
  // Docker mode's `down` (the compose stand-in) stops the pid in this file, as it stops what its `up` started; its
  // own search finds stand-ins only, and the sample app must not outlive the switch (it holds the API port).
  if (backend.pidFile && server.pid) writeFileSync(backend.pidFile, String(server.pid));
  progress('backend', (await untilLine(server, /listening/)) ? 'ready' : 'failed', backend.name);
  return redisStandIn ? { redisStandIn } : {};
}
