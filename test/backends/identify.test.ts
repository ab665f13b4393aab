import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { identifyBackend, apiPortOwner } from '../../source/backends/active.js';
import { loadProject } from '../../source/project/project.js';
import { composeProjectName } from '../../source/project/compose.js';
import { dockerEngineStandIn } from '../helpers/docker-engine.js';
import { copyFixture } from '../helpers/fixture.js';
import { STANDIN } from '../helpers/monorepo.js';
import { killListenerAfterTest } from '../helpers/processes.js';
import { closedPort } from '../helpers/servers.js';

// A container runtime's proxy on the API port: whose backend is behind it? The Engine API
// names the container (its compose project and service); only with no engine to ask does the
// realtime protocol that answers behind the proxy decide.
const savedHost = process.env.DOCKER_HOST;
afterEach(() => {
  process.env.DOCKER_HOST = savedHost;
});

/** The Elixir stand-in serving Phoenix Channels from a process named docker-proxy, outside any monorepo. */
async function elixirBehindProxy(): Promise<number> {
  const port = await closedPort();
  const child = spawn(process.execPath, [STANDIN, 'elixir', 'serve'], {
    argv0: 'docker-proxy',
    cwd: tmpdir(),
    env: { ...process.env, PORT: String(port), FRONTEND_URL: 'http://localhost:5173' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  killListenerAfterTest(port);
  await once(child.stdout!, 'data');
  return port;
}

async function identify(root: string, port: number) {
  const project = loadProject(root);
  const apiUrl = `http://127.0.0.1:${port}`;
  const owner = await apiPortOwner(apiUrl);
  expect(owner.kind).toBe('docker');
  return identifyBackend(project, owner, apiUrl, 2000);
}

describe('identifying the backend behind a container proxy', () => {
  it('with no engine to ask: the realtime protocol that answers decides, named as the weaker proof', async () => {
    const port = await elixirBehindProxy();
    process.env.DOCKER_HOST = 'unix:///nonexistent/backend-switch-test/docker.sock';
    expect(await identify(copyFixture(), port)).toEqual({ backend: 'elixir', by: 'protocol' });
  });

  it('the engine names the container: this compose project\'s backend-ex service is elixir, by container', async () => {
    const port = await elixirBehindProxy();
    const root = copyFixture();
    const project = composeProjectName(loadProject(root).compose!, undefined);
    const engine = await dockerEngineStandIn([
      { id: 'other', service: 'web', project: 'unrelated', state: 'running', ports: [8080] },
      { id: 'ours', service: 'backend-ex', project, state: 'running', ports: [port] },
    ]);
    process.env.DOCKER_HOST = `unix://${engine.socketPath}`;
    expect(await identify(root, port)).toEqual({ backend: 'elixir', by: 'container' });
  });

  it('another compose project\'s container is not this monorepo\'s backend, whatever protocol it speaks', async () => {
    const port = await elixirBehindProxy();
    const engine = await dockerEngineStandIn([{ id: 'theirs', service: 'backend-ex', project: 'someone-elses-ecredit', state: 'running', ports: [port] }]);
    process.env.DOCKER_HOST = `unix://${engine.socketPath}`;
    expect(await identify(copyFixture(), port)).toBeUndefined();
  });

  it('this project\'s container of a service that is no backend (the frontend) is not a backend either', async () => {
    const port = await elixirBehindProxy();
    const root = copyFixture();
    const project = composeProjectName(loadProject(root).compose!, undefined);
    const engine = await dockerEngineStandIn([{ id: 'web', service: 'frontend', project, state: 'running', ports: [port] }]);
    process.env.DOCKER_HOST = `unix://${engine.socketPath}`;
    expect(await identify(root, port)).toBeUndefined();
  });
});
