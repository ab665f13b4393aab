import { readdir } from 'node:fs/promises';
import { compareByName, rowsOrNone, type MigrationSource } from './types.js';

const FILE = /^(\d+)_(\w+)\.exs$/;

/** Ecto: `priv/repo/migrations/<version>_<name>.exs` against `schema_migrations(version)`. */
export function ectoMigrations(dir: string): MigrationSource {
  let versionToName = new Map<string, string>();
  return {
    tool: 'ecto',
    dir,
    async onDisk() {
      const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => FILE.test(f)).sort(byVersion);
      versionToName = new Map(files.map((f) => [BigInt(FILE.exec(f)![1]!).toString(), f.replace(/\.exs$/, '')]));
      return [...versionToName.values()];
    },
    async status(client, onDisk) {
      const rows = await rowsOrNone<{ version: string }>(client, 'SELECT version::text AS version FROM schema_migrations ORDER BY version');
      const applied = rows.map((row) => versionToName.get(row.version) ?? row.version);
      return compareByName(onDisk, applied);
    },
  };
}

function byVersion(a: string, b: string): number {
  const va = BigInt(FILE.exec(a)![1]!);
  const vb = BigInt(FILE.exec(b)![1]!);
  return va < vb ? -1 : va > vb ? 1 : 0;
}
