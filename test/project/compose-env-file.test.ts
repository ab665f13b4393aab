import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { effectiveEnv } from '../../source/checks/support.js';
import { composeFile } from '../../source/steps/docker/compose-file.js';
import { contextFor } from '../helpers/context.js';
import { copyFixture } from '../helpers/fixture.js';
import { stepContext } from '../helpers/steps.js';

// A compose layout that keeps a service's variables in `env_file:` rather than `environment:`.
function withEnvFiles(): string {
  const root = copyFixture();
  const path = join(root, 'docker-compose.yml');
  const text = readFileSync(path, 'utf8')
    .replace('      JWT_SECRET: ${JWT_SECRET}\n      FRONTEND_URL: http://localhost:5173\n', '      FRONTEND_URL: http://localhost:5173\n')
    .replace('    environment:\n      NODE_ENV: production', '    env_file:\n      - .env.shared\n      - path: ./apps/backend/.env.docker\n        required: false\n    environment:\n      NODE_ENV: production');
  writeFileSync(path, text);
  writeFileSync(join(root, '.env.shared'), 'JWT_SECRET=from-the-shared-file-0123456789abcdef\nFRONTEND_URL=http://overridden.invalid\n');
  writeFileSync(join(root, 'apps/backend/.env.docker'), 'BUN_ONLY=1\n');
  return root;
}

describe('env_file in a compose service', () => {
  it('is part of the environment the checks judge in Docker mode; `environment:` wins over it', () => {
    const env = effectiveEnv(contextFor(withEnvFiles(), { backend: 'bun', mode: 'docker' }));
    expect(env.values.JWT_SECRET).toBe('from-the-shared-file-0123456789abcdef');
    expect(env.values.BUN_ONLY).toBe('1');
    expect(env.values.FRONTEND_URL).toBe('http://localhost:5173');
  });

  it('the service built for the other backend keeps the shared env files, not the old backend\'s own', async () => {
    const root = withEnvFiles();
    const preview = await composeFile.preview(stepContext(root, { to: 'elixir', mode: 'docker' }));
    const service = parse(preview.changes[0]!.after!).services['backend-ex'];
    expect(service.env_file).toEqual(['.env.shared']);
  });
});
