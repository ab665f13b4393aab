import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { replaceBackendService } from '../../source/edits/compose.js';
import { setDockerfileArg } from '../../source/edits/dockerfile.js';

const SOURCE = `# top comment
x-env: &common
  TZ: UTC

services:
  db:
    image: postgres:15 # pinned
  # the API
  backend:
    build: ./apps/backend
    ports:
      - "3000:3000"
    environment:
      <<: *common
      DATABASE_URL: postgres://u:\${PW}@db/x

  worker:
    image: busybox
    depends_on:
      backend:
        condition: service_started
  frontend:
    depends_on: [backend, db]
`;

const comments = (text: string) => text.split('\n').filter((line) => line.trim().startsWith('#')).map((line) => line.trim());
const ELIXIR_COMMENT = '# Elixir/Phoenix backend (Phoenix Channels, Oban)';

describe('replaceBackendService', () => {
  const edit = replaceBackendService(SOURCE, {
    remove: ['backend'],
    name: 'backend-ex',
    definition: { build: { context: './apps/backend-ex' }, ports: ['3000:3000'], depends_on: ['db'] },
    comment: ELIXIR_COMMENT,
  });

  it('puts the new service where the old one stood, the comment that described the old one replaced by the new one\'s', () => {
    const keys = Object.keys(parse(edit.text).services);
    expect(keys).toEqual(['db', 'backend-ex', 'worker', 'frontend']);
    expect(edit.text).toContain(`    image: postgres:15 # pinned\n  ${ELIXIR_COMMENT}\n  backend-ex:\n`);
    expect(edit.text).not.toContain('# the API');
    expect(edit.removedComments).toEqual({ backend: '# the API' });
  });

  it('keeps every other comment, the anchor, and unrelated services byte for byte', () => {
    expect(comments(edit.text)).toEqual(comments(SOURCE).map((line) => (line === '# the API' ? ELIXIR_COMMENT : line)));
    expect(edit.text).toContain('# top comment\nx-env: &common\n  TZ: UTC\n');
    expect(edit.text).toContain('    image: postgres:15 # pinned\n');
    expect(edit.text).toContain('    ports:\n      - "3000:3000"\n'); // unchanged value: the old node, quotes and all
  });

  it('without a comment to put, leaves the one above the service as it was', () => {
    const kept = replaceBackendService(SOURCE, { remove: ['backend'], name: 'backend-ex', definition: { image: 'x' } });
    expect(kept.text).toContain('  # the API\n  backend-ex:');
    expect(comments(kept.text)).toEqual(comments(SOURCE));
  });

  it('replaces only the comment block right above the service: a block before a blank line stays', () => {
    const source = 'services:\n  db:\n    image: pg\n\n  # --- backends ---\n\n  # Bun backend\n  # second line\n  backend:\n    image: bun\n';
    const replaced = replaceBackendService(source, { remove: ['backend'], name: 'backend-ex', definition: { image: 'ex' }, comment: ELIXIR_COMMENT });
    expect(replaced.text).toBe(`services:\n  db:\n    image: pg\n\n  # --- backends ---\n\n  ${ELIXIR_COMMENT}\n  backend-ex:\n    image: ex\n`);
    expect(replaced.removedComments).toEqual({ backend: '# Bun backend\n# second line' });
    const back = replaceBackendService(replaced.text, { remove: ['backend-ex'], name: 'backend', definition: replaced.removed.backend!, comment: replaced.removedComments.backend! });
    expect(back.text).toBe(source);
  });

  it('the first service\'s comment (yaml keeps it on the services map) is replaced too, and given back', () => {
    const source = '# top\nservices:\n  # Bun backend\n  backend:\n    image: bun\n  db:\n    image: pg\n';
    const replaced = replaceBackendService(source, { remove: ['backend'], name: 'backend-ex', definition: { image: 'ex' }, comment: ELIXIR_COMMENT });
    expect(replaced.text).toBe(`# top\nservices:\n  ${ELIXIR_COMMENT}\n  backend-ex:\n    image: ex\n  db:\n    image: pg\n`);
    const back = replaceBackendService(replaced.text, { remove: ['backend-ex'], name: 'backend', definition: replaced.removed.backend!, comment: replaced.removedComments.backend! });
    expect(back.text).toBe(source);
  });

  it('adds no comment where none stood above the replaced service', () => {
    const source = 'services:\n  db:\n    image: pg\n  backend:\n    image: bun\n';
    const replaced = replaceBackendService(source, { remove: ['backend'], name: 'backend-ex', definition: { image: 'ex' }, comment: ELIXIR_COMMENT });
    expect(replaced.text).toBe('services:\n  db:\n    image: pg\n  backend-ex:\n    image: ex\n');
    expect(replaced.removedComments).toEqual({});
  });

  it('renames depends_on in list and map form', () => {
    const services = parse(edit.text).services;
    expect(services.frontend.depends_on).toEqual(['backend-ex', 'db']);
    expect(services.worker.depends_on).toEqual({ 'backend-ex': { condition: 'service_started' } });
  });

  it('hands back the removed service as YAML, and putting it back restores the file', () => {
    expect(edit.removed.backend).toContain('DATABASE_URL: postgres://u:${PW}@db/x');
    const back = replaceBackendService(edit.text, { remove: ['backend-ex'], name: 'backend', definition: edit.removed.backend!, comment: edit.removedComments.backend! });
    expect(parse(back.text)).toEqual(parse(SOURCE));
    expect(comments(back.text)).toEqual(comments(SOURCE)); // the stashed comment is back above it
  });
});

describe('setDockerfileArg', () => {
  it('changes only the ARG default, keeping its quotes', () => {
    const text = 'FROM node\nARG VITE_API_URL="http://backend:3000"\nRUN x\n';
    expect(setDockerfileArg(text, 'VITE_API_URL', 'http://backend-ex:3000')).toBe('FROM node\nARG VITE_API_URL="http://backend-ex:3000"\nRUN x\n');
  });
});
