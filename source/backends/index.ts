import { relative } from 'node:path';
import type { BackendName } from '../project/config.js';
import type { Project } from '../project/project.js';
import { bun } from './bun.js';
import { elixir } from './elixir.js';
import type { BackendProfile, CommandName } from './types.js';
import { shellWord } from '../util/shell.js';

export type { BackendProfile, CommandName, NeededService, RealtimeProtocol, JobQueue } from './types.js';

export const PROFILES: Readonly<Record<BackendName, BackendProfile>> = { bun, elixir };

export function profileOf(backend: BackendName): BackendProfile {
  return PROFILES[backend];
}

export function otherBackend(backend: BackendName): BackendName {
  return backend === 'bun' ? 'elixir' : 'bun';
}

/** A configured command of the backend (`undefined` when the backend has none, as Bun has no `seed`). */
export function commandOf(project: Project, backend: BackendName, name: CommandName): string | undefined {
  const commands: Partial<Record<CommandName, string>> = project.config.backends[backend].commands;
  return commands[name];
}

/**
 * A backend command as a person pastes it from the monorepo root in a fresh shell: in the
 * backend's folder, with its `.env` exported first when its tools do not read it themselves
 * (`mix` reads only the environment: without this, "environment variable DATABASE_URL is missing").
 */
export function shellCommand(project: Project, backend: BackendName, command: string): string {
  const paths = project.backends[backend];
  const dir = shellWord(relative(project.root, paths.dir) || '.');
  const envFile = shellWord(`./${relative(paths.dir, paths.envFile)}`);
  const exported = profileOf(backend).readsEnvFile || !paths.env.exists ? '' : `set -a && . ${envFile} && set +a && `;
  return `cd ${dir} && ${exported}${command}`;
}

