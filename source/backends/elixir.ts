import { join } from 'node:path';
import { ectoMigrations } from '../migrations/ecto.js';
import { obanQueue } from './queues.js';
import type { BackendProfile } from './types.js';

export const elixir: BackendProfile = {
  name: 'elixir',
  label: 'Elixir',
  requiredEnv: ['DATABASE_URL', 'JWT_SECRET', 'SECRET_KEY_BASE', 'FRONTEND_URL'],
  services: ['db'],
  databaseSchemes: ['ecto:', 'postgres:', 'postgresql:'],
  databaseScheme: 'ecto',
  composeComment: '# Elixir/Phoenix backend (Phoenix Channels, Oban)',
  composeEnvironment: { MIX_ENV: 'prod', SECRET_KEY_BASE: '${SECRET_KEY_BASE}' },
  readsEnvFile: false,
  realtime: 'phoenix',
  jobs: { name: 'Oban', unfinished: ['available', 'scheduled', 'executing', 'retryable', 'suspended'], reader: obanQueue },
  migrations: (project) => ectoMigrations(join(project.backends.elixir.dir, project.config.backends.elixir.migrationsDir)),
  optionalCommands: [],
  processNames: /^(beam(\.smp)?|erl|elixir|iex|mix)$/,
};
