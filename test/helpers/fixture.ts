import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

export const FIXTURES = new URL('../../fixtures/', import.meta.url).pathname;

const copies: string[] = [];
afterEach(() => {
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A throw-away copy of fixtures/<name>, removed after the test. */
export function copyFixture(name = 'ecredit'): string {
  const dir = mkdtempSync(join(tmpdir(), `bs-${name}-`));
  cpSync(join(FIXTURES, name), dir, { recursive: true });
  copies.push(dir);
  return dir;
}
