import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BACKENDS, COMPOSE_FILES, loadConfig, type BackendName, type Config } from './config.js';
import { findComposeFile, readComposeFile, type ComposeFile, type ComposeService } from './compose.js';
import { readDockerfileArg, type DockerfileArg } from './dockerfile.js';
import { readEnvFile, type EnvFile } from './env-file.js';
import { findRoot } from './find-root.js';

export interface BackendPaths {
  dir: string;
  envFile: string;
}

/** The monorepo as read from disk once: paths resolved, files parsed. */
export interface Project {
  root: string;
  config: Config;
  configFile?: string;
  backends: Record<BackendName, BackendPaths & { env: EnvFile }>;
  frontend: { dir: string; env: EnvFile; dockerfile: DockerfileArg };
  composeEnv: EnvFile;
  /** Absent when the monorepo has no compose file. */
  compose?: ComposeFile;
}

export function loadProject(cwd: string): Project {
  const root = findRoot(cwd);
  const { config, file } = loadConfig(root);
  const backends = {} as Project['backends'];
  for (const name of BACKENDS) {
    const dir = resolve(root, config.backends[name].dir);
    const envFile = join(dir, config.backends[name].envFile);
    backends[name] = { dir, envFile, env: readEnvFile(envFile, root) };
  }
  const frontendDir = resolve(root, config.frontend.dir);
  const composePath = config.compose.file
    ? resolve(root, config.compose.file)
    : findComposeFile(root, COMPOSE_FILES);
  return {
    root,
    config,
    ...(file ? { configFile: file } : {}),
    backends,
    frontend: {
      dir: frontendDir,
      env: readEnvFile(join(frontendDir, config.frontend.envFile), root),
      dockerfile: readDockerfileArg(join(frontendDir, config.frontend.dockerfile), 'VITE_API_URL', root),
    },
    composeEnv: readEnvFile(resolve(root, config.compose.envFile), root),
    ...(composePath && existsSync(composePath) ? { compose: readComposeFile(composePath, root) } : {}),
  };
}

/** Every env file of the monorepo: both backends', the compose one, the frontend's. */
export function envFiles(project: Project): EnvFile[] {
  return [...BACKENDS.map((b) => project.backends[b].env), project.composeEnv, project.frontend.env];
}

/**
 * The compose services that run a backend: the one named in the config, or any service
 * that builds from the backend's folder (other layouts name them `api`, `server`, ...).
 */
export function backendServices(project: Project, backend: BackendName): ComposeService[] {
  if (!project.compose) return [];
  const { service } = project.config.backends[backend];
  const dir = project.backends[backend].dir;
  return Object.values(project.compose.services).filter(
    (candidate) => candidate.name === service || candidate.buildContext === dir,
  );
}

/** Services compose starts by default: those without `profiles`. */
export function runsByDefault(service: ComposeService): boolean {
  return service.profiles.length === 0;
}

/** The compose file as `-f` must name it: only when the config names one compose would not find by itself. */
export function composeFileFlag(project: Project): string | undefined {
  const { file } = project.config.compose;
  return file && resolve(project.root, file) !== findComposeFile(project.root, COMPOSE_FILES) ? file : undefined;
}
