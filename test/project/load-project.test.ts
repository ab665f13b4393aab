import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../source/util/errors.js';
import { loadProject } from '../../source/project/project.js';
import { copyFixture } from '../helpers/fixture.js';

function usageError(run: () => unknown): UsageError {
  try {
    run();
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error('expected a UsageError');
}

describe('loadProject', () => {
  it('finds the root from a folder inside the monorepo', () => {
    const root = copyFixture();
    expect(loadProject(join(root, 'apps/frontend/src')).root).toBe(root);
  });

  it('refuses a folder that is not the monorepo, saying what it looked for and where', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bs-not-mono-'));
    const error = usageError(() => loadProject(dir));
    expect(error.message).toContain(dir);
    expect(error.message).toContain('backend-switch.yaml, apps/backend-ex, apps/backend');
    expect(error.fix).toContain('--cwd');
  });

  it('reads backend-switch.yaml overrides over the defaults', () => {
    const root = copyFixture();
    writeFileSync(join(root, 'backend-switch.yaml'), 'ports:\n  api: 4000\nbackends:\n  elixir:\n    service: api-ex\n');
    const project = loadProject(root);
    expect(project.config.ports.api).toBe(4000);
    expect(project.config.ports.frontend).toBe(5173);
    expect(project.config.backends.elixir.service).toBe('api-ex');
    expect(project.config.backends.elixir.websocket).toBe('/ws');
  });

  it('names the line of an unknown key in backend-switch.yaml and lists the allowed keys', () => {
    const root = copyFixture();
    writeFileSync(join(root, 'backend-switch.yaml'), '# local overrides\nports:\n  api: 3000\n  apii: 3001\n');
    const error = usageError(() => loadProject(root));
    expect(error.message).toContain('backend-switch.yaml:4');
    expect(error.message).toContain('"ports.apii"');
    expect(error.fix).toContain('api, frontend, postgres, redis');
  });

  it('names the line and the expected type of a wrong value', () => {
    const root = copyFixture();
    writeFileSync(join(root, 'backend-switch.yaml'), 'ports:\n  api: "three thousand"\n');
    const error = usageError(() => loadProject(root));
    expect(error.message).toContain('backend-switch.yaml:2');
    expect(error.message).toContain('expected number');
  });

  it('names the line of a YAML syntax error in backend-switch.yaml', () => {
    const root = copyFixture();
    writeFileSync(join(root, 'backend-switch.yaml'), 'ports:\n  api: 3000\n frontend: [5173\n');
    const error = usageError(() => loadProject(root));
    expect(error.message).toMatch(/backend-switch\.yaml:\d+: not valid YAML/);
  });

  it('names the file and line of a YAML syntax error in the compose file', () => {
    const root = copyFixture();
    const path = join(root, 'docker-compose.yml');
    writeFileSync(path, readFileSync(path, 'utf8').replace('    image: redis:7-alpine', '    image: redis:7-alpine\n   ports: [oops'));
    const error = usageError(() => loadProject(root));
    expect(error.message).toMatch(/^docker-compose\.yml:\d+: not valid YAML/);
    expect(error.fix).toContain('docker compose -f docker-compose.yml config');
  });

  it('names the file and line of a broken line in a .env, without echoing a secret', () => {
    const root = copyFixture();
    appendFileSync(join(root, 'apps/backend-ex/.env'), 'this line is broken-supersecretvalue\n');
    const error = usageError(() => loadProject(root));
    expect(error.message).toContain('apps/backend-ex/.env:9');
    expect(error.message).not.toContain('supersecretvalue');
    expect(error.fix).toContain('KEY=value');
  });

  it('names the line where an unclosed quoted value starts', () => {
    const root = copyFixture();
    appendFileSync(join(root, '.env.docker'), 'SECRET_KEY_BASE="abc\nMORE=1\n');
    const error = usageError(() => loadProject(root));
    expect(error.message).toContain('.env.docker:4');
    expect(error.message).toContain('never closed');
  });

  it('accepts multi-line quoted values, export prefixes, comments and blank lines', () => {
    const root = copyFixture();
    appendFileSync(join(root, 'apps/backend/.env'), '\n# certificate\nexport CA_CERT="-----BEGIN-----\nabc\n-----END-----"\nEMPTY=\n');
    const project = loadProject(root);
    expect(project.backends.bun.env.values.CA_CERT).toContain('abc');
    expect(project.backends.bun.env.values.JWT_SECRET).toBeTruthy();
  });
});
