import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../project/config.js';
import { compareByName, rowsOrNone, type MigrationRow, type MigrationSource } from './types.js';

type BunMigrationConfig = Config['backends']['bun']['migrations'];

const DRIZZLE_DIRS = ['drizzle', 'migrations', 'src/db/migrations', 'db/migrations', 'src/migrations'];
const MIGRATION_FILE = /\.(sql|js|ts|cjs|mjs)$/;

/** The Bun backend's migration tool: configured, else recognised from the files on disk. */
export function bunMigrations(backendDir: string, config: BunMigrationConfig): MigrationSource | undefined {
  const tool = config.tool ?? detectTool(backendDir);
  if (tool === 'drizzle') {
    const dir = join(backendDir, config.dir ?? DRIZZLE_DIRS.find((d) => existsSync(join(backendDir, d, 'meta/_journal.json'))) ?? 'drizzle');
    return drizzle(dir, config.table ?? 'drizzle.__drizzle_migrations');
  }
  if (tool === 'node-pg-migrate') return byFileName('node-pg-migrate', join(backendDir, config.dir ?? 'migrations'), config.table ?? 'pgmigrations');
  if (tool === 'kysely') return byFileName('kysely', join(backendDir, config.dir ?? 'migrations'), config.table ?? 'kysely_migration');
  return undefined;
}

function detectTool(backendDir: string): BunMigrationConfig['tool'] | undefined {
  if (DRIZZLE_DIRS.some((d) => existsSync(join(backendDir, d, 'meta/_journal.json')))) return 'drizzle';
  const manifest = join(backendDir, 'package.json');
  if (!existsSync(manifest)) return undefined;
  try {
    const text = JSON.stringify(JSON.parse(readFileSync(manifest, 'utf8')));
    if (text.includes('node-pg-migrate')) return 'node-pg-migrate';
    if (text.includes('kysely')) return 'kysely';
  } catch {
    return undefined;
  }
  return undefined;
}

/** drizzle: `meta/_journal.json` entries; one is applied when its `when` ≤ the newest `created_at`. */
function drizzle(dir: string, table: string): MigrationSource {
  let journal: { tag: string; when: number }[] = [];
  return {
    tool: 'drizzle',
    dir,
    async onDisk() {
      const text = await readFile(join(dir, 'meta/_journal.json'), 'utf8').catch(() => '{"entries":[]}');
      journal = (JSON.parse(text) as { entries?: { tag: string; when: number }[] }).entries ?? [];
      return journal.map((entry) => entry.tag);
    },
    async status(client) {
      const rows = await rowsOrNone<{ newest: string | null; count: string }>(
        client,
        `SELECT max(created_at)::text AS newest, count(*)::text AS count FROM ${table}`,
      );
      const newest = Number(rows[0]?.newest ?? -1);
      const appliedCount = Number(rows[0]?.count ?? 0);
      const result: MigrationRow[] = journal.map((entry) => ({ name: entry.tag, state: entry.when <= newest ? 'up' : 'down' }));
      const extra = appliedCount - result.filter((r) => r.state === 'up').length;
      for (let i = 0; i < extra; i += 1) result.push({ name: `${table}#${result.length + 1}`, state: 'file-not-found' });
      return result;
    },
  };
}

/** node-pg-migrate (`pgmigrations.name`) and Kysely (`kysely_migration.name`): file names without extension. */
function byFileName(tool: string, dir: string, table: string): MigrationSource {
  return {
    tool,
    dir,
    async onDisk() {
      const files = await readdir(dir).catch(() => [] as string[]);
      return files.filter((f) => MIGRATION_FILE.test(f)).map((f) => f.replace(MIGRATION_FILE, '')).sort();
    },
    async status(client, onDisk) {
      const rows = await rowsOrNone<{ name: string }>(client, `SELECT name FROM ${table} ORDER BY name`);
      return compareByName(onDisk, rows.map((row) => row.name));
    },
  };
}

