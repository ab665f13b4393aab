import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

export const FIXTURES = new URL('../../fixtures/', import.meta.url).pathname;

/**
 * A port where nothing listens, for the whole run: a privileged one (below 1024), which no
 * test server on port 0 can be given, checked free in /proc/net/tcp*.
 */
export const NOWHERE_PORT = [9, 1, 7, 13, 19].find((port) => !listening(port)) ?? 9;

/** Where a fixture copy's PostgreSQL and Redis are until a test says otherwise: nowhere (refused). */
export const NOWHERE = {
  postgres: `127.0.0.1:${NOWHERE_PORT}`,
  redis: `redis://127.0.0.1:${NOWHERE_PORT}`,
};

const copies: string[] = [];
afterEach(() => {
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * A throw-away copy of fixtures/<name>, removed after the test. The fixture's `.env` files
 * name localhost:5432/ecredit and localhost:6379, and its compose file publishes 5432 and
 * 6379: in the copy they all point at a closed port, so no test reaches the machine's own
 * PostgreSQL or Redis unless it sets a URL itself.
 */
export function copyFixture(name = 'ecredit'): string {
  const dir = mkdtempSync(join(tmpdir(), `bs-${name}-`));
  cpSync(join(FIXTURES, name), dir, { recursive: true });
  copies.push(dir);
  pointNowhere(dir);
  return dir;
}

function pointNowhere(root: string): void {
  const edits: [string, [RegExp, string][]][] = [
    ['apps/backend/.env', [[/@localhost:5432\//g, `@${NOWHERE.postgres}/`], [/redis:\/\/localhost:6379/g, NOWHERE.redis]]],
    ['apps/backend-ex/.env', [[/@localhost:5432\//g, `@${NOWHERE.postgres}/`]]],
    ['docker-compose.yml', [[/"5432:5432"/g, `"${NOWHERE_PORT}:5432"`], [/"6379:6379"/g, `"${NOWHERE_PORT}:6379"`]]],
  ];
  for (const [file, replacements] of edits) {
    const path = join(root, file);
    if (!existsSync(path)) continue;
    let text = readFileSync(path, 'utf8');
    for (const [pattern, replacement] of replacements) text = text.replace(pattern, replacement);
    writeFileSync(path, text);
  }
}

function listening(port: number): boolean {
  const hex = `:${port.toString(16).toUpperCase().padStart(4, '0')} `;
  return ['/proc/net/tcp', '/proc/net/tcp6'].some((table) => {
    if (!existsSync(table)) return false;
    return readFileSync(table, 'utf8').split('\n').some((row) => {
      const cols = row.trim().split(/\s+/);
      return cols[3] === '0A' && `${cols[1]?.slice(cols[1].lastIndexOf(':'))} ` === hex;
    });
  });
}
