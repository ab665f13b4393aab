import type { Client } from 'pg';

export type MigrationState = 'up' | 'down' | 'file-not-found';

export interface MigrationRow {
  name: string;
  state: MigrationState;
}

/** One backend's migration tool: what is on disk, and how to read what was applied. */
export interface MigrationSource {
  tool: string;
  dir: string;
  /** Names on disk, oldest first. */
  onDisk(): Promise<string[]>;
  /** Compare with the database; the rows mirror `mix ecto.migrations`' up / down / FILE NOT FOUND. */
  status(client: Client, onDisk: string[]): Promise<MigrationRow[]>;
}

/** A query on a table the tool has not created yet (first run) reads as no rows. */
export async function rowsOrNone<T extends Record<string, unknown>>(client: Client, sql: string): Promise<T[]> {
  try {
    return (await client.query<T>(sql)).rows;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === '42P01' || code === '3F000') return [];
    throw error;
  }
}

export function compareByName(onDisk: string[], applied: string[]): MigrationRow[] {
  const appliedSet = new Set(applied);
  const diskSet = new Set(onDisk);
  return [
    ...onDisk.map((name) => ({ name, state: (appliedSet.has(name) ? 'up' : 'down') as MigrationState })),
    ...applied.filter((name) => !diskSet.has(name)).map((name) => ({ name, state: 'file-not-found' as const })),
  ];
}
