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

describe('replaceBackendService', () => {
  const edit = replaceBackendService(SOURCE, {
    remove: ['backend'],
    name: 'backend-ex',
    definition: { build: { context: './apps/backend-ex' }, ports: ['3000:3000'], depends_on: ['db'] },
  });

  it('puts the new service where the old one stood, with the comment above it', () => {
    const keys = Object.keys(parse(edit.text).services);
    expect(keys).toEqual(['db', 'backend-ex', 'worker', 'frontend']);
    expect(edit.text).toContain('  # the API\n  backend-ex:');
  });

  it('keeps every other comment, the anchor, and unrelated services byte for byte', () => {
    expect(edit.text).toContain('# top comment\nx-env: &common\n  TZ: UTC\n');
    expect(edit.text).toContain('    image: postgres:15 # pinned\n');
    expect(edit.text).toContain('    ports:\n      - "3000:3000"\n'); // unchanged value: the old node, quotes and all
  });

  it('renames depends_on in list and map form', () => {
    const services = parse(edit.text).services;
    expect(services.frontend.depends_on).toEqual(['backend-ex', 'db']);
    expect(services.worker.depends_on).toEqual({ 'backend-ex': { condition: 'service_started' } });
  });

  it('hands back the removed service as YAML, and putting it back restores the file', () => {
    expect(edit.removed.backend).toContain('DATABASE_URL: postgres://u:${PW}@db/x');
    const back = replaceBackendService(edit.text, { remove: ['backend-ex'], name: 'backend', definition: edit.removed.backend! });
    expect(parse(back.text)).toEqual(parse(SOURCE));
  });
});

describe('setDockerfileArg', () => {
  it('changes only the ARG default, keeping its quotes', () => {
    const text = 'FROM node\nARG VITE_API_URL="http://backend:3000"\nRUN x\n';
    expect(setDockerfileArg(text, 'VITE_API_URL', 'http://backend-ex:3000')).toBe('FROM node\nARG VITE_API_URL="http://backend-ex:3000"\nRUN x\n');
  });
});
