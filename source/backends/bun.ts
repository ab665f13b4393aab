import { bunMigrations } from '../migrations/bun-tools.js';
import { pgBossQueue } from './queues.js';
import type { BackendProfile } from './types.js';

export const bun: BackendProfile = {
  name: 'bun',
  label: 'Bun',
  requiredEnv: ['DATABASE_URL', 'REDIS_URL', 'JWT_SECRET', 'FRONTEND_URL'],
  services: ['db', 'redis'],
  databaseSchemes: ['postgres:', 'postgresql:'],
  databaseScheme: 'postgres',
  composeComment: '# Bun backend (Socket.IO, pg-boss)',
  composeEnvironment: { NODE_ENV: 'production', REDIS_URL: 'redis://redis:6379' },
  readsEnvFile: true,
  realtime: 'socket.io',
  jobs: { name: 'pg-boss', unfinished: ['created', 'retry', 'active'], reader: pgBossQueue },
  migrations: (project) => bunMigrations(project.backends.bun.dir, project.config.backends.bun.migrations),
  optionalCommands: ['create', 'seed'],
  processNames: /^bun$/,
};
