import type { MigrationSource } from '../migrations/types.js';
import type { QueueReader } from './queues.js';
import type { BackendName } from '../project/config.js';
import type { Project } from '../project/project.js';

export type { BackendName };

/** A service of the compose file a backend needs running (guide §1 paso 4, §3). */
export type NeededService = 'db' | 'redis';

export type RealtimeProtocol = 'socket.io' | 'phoenix';

export type CommandName = 'deps' | 'create' | 'migrate' | 'seed' | 'start' | 'test';

/** The job queue a backend runs on the shared database (guide §2). */
export interface JobQueue {
  name: 'pg-boss' | 'Oban';
  /** States of a job that is not finished yet. */
  unfinished: readonly string[];
  reader: QueueReader;
}

/**
 * Everything that differs between the Bun and the Elixir backend. Checks, steps, the
 * compose template, the fixes, the demo and `status` read these fields instead of
 * branching on the backend's name.
 */
export interface BackendProfile {
  name: BackendName;
  /** As a person says it: "Bun", "Elixir". */
  label: string;
  /** Guide §7: the variables it cannot start without. */
  requiredEnv: readonly string[];
  services: readonly NeededService[];
  /** `DATABASE_URL` schemes its database client accepts (`ecto:` is Ecto's alone). */
  databaseSchemes: readonly string[];
  /** The scheme its `DATABASE_URL` is written with when the tool writes one. */
  databaseScheme: 'postgres' | 'ecto';
  /** The comment written above its compose service when it replaces the other's: `# Bun backend (Socket.IO, pg-boss)`. */
  composeComment: string;
  /** Its own variables in a compose service (guide §3 paso 1), besides DATABASE_URL, JWT_SECRET, FRONTEND_URL. */
  composeEnvironment: Readonly<Record<string, string>>;
  /**
   * Whether its commands read the backend's `.env` by themselves (`bun run` does; `mix`
   * does not: its shell commands export the file first).
   */
  readsEnvFile: boolean;
  realtime: RealtimeProtocol;
  jobs: JobQueue;
  /** Where its migrations live and how the database records them. */
  migrations(project: Project): MigrationSource | undefined;
  /** Commands the configuration may leave out (Bun has no `create` or `seed` in the guide). */
  optionalCommands: readonly CommandName[];
  /** Executable names its processes run under: a hint for the reader, never proof of whose process it is. */
  processNames: RegExp;
}
