import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeCommand } from '../../source/checks/support.js';
import { contextFor } from '../helpers/context.js';
import { copyFixture } from '../helpers/fixture.js';

// Every compose command the tool runs or prints starts the same way: the configured command,
// the compose file when compose would not find it by itself, the configured project name, and
// the env file.
describe('composeCommand', () => {
  it('is the command and the env file alone when compose finds the file by itself', () => {
    expect(composeCommand(contextFor(copyFixture()))).toBe('docker compose --env-file .env.docker');
    const named = copyFixture();
    writeFileSync(join(named, 'backend-switch.yaml'), 'compose: { file: docker-compose.yml }\n');
    expect(composeCommand(contextFor(named))).toBe('docker compose --env-file .env.docker');
  });

  it('names a compose file elsewhere with -f, and the config\'s project name with -p, quoting what needs it', () => {
    const root = copyFixture();
    mkdirSync(join(root, 'deploy dev'));
    renameSync(join(root, 'docker-compose.yml'), join(root, 'deploy dev/stack.yml'));
    writeFileSync(join(root, 'backend-switch.yaml'), 'compose: { file: "deploy dev/stack.yml", project: ecredit-dev }\n');
    expect(composeCommand(contextFor(root))).toBe("docker compose -f 'deploy dev/stack.yml' -p ecredit-dev --env-file .env.docker");
  });
});
