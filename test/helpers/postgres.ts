import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeEach } from 'vitest';
import { startEmbeddedPostgres } from '../../source/standins/embedded-postgres.js';

/** True when TEST_DATABASE_URL names a real PostgreSQL server (else PGlite stands in). */
export const REAL_POSTGRES = Boolean(process.env.TEST_DATABASE_URL);

export interface TestDatabase {
  url: string;
  /** The server without the database name, to build URLs for other databases or users. */
  server: { host: string; port: number; user: string };
  real: boolean;
  query(sql: string, params?: unknown[]): Promise<pg.QueryResult>;
  drop(): Promise<void>;
}

/**
 * A fresh, empty database: on the real server (TEST_DATABASE_URL) a new database per call,
 * dropped afterwards; on a bare machine the file's PGlite over the wire, emptied.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (REAL_POSTGRES) {
    const admin = new URL(process.env.TEST_DATABASE_URL!);
    const name = `bs_test_${randomBytes(5).toString('hex')}`;
    await withClient(admin.toString(), (c) => c.query(`CREATE DATABASE ${name}`));
    const url = new URL(admin.toString());
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      server: { host: admin.hostname, port: Number(admin.port || 5432), user: decodeURIComponent(admin.username) || 'postgres' },
      real: true,
      query: (sql, params) => withClient(url.toString(), (c) => c.query(sql, params)),
      drop: () => withClient(admin.toString(), (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
    };
  }
  // PGlite takes seconds to start and holds one database whatever the name: one server per
  // test file, emptied for each test (every schema dropped, `public` made anew).
  shared ??= startEmbeddedPostgres();
  const embedded = await shared;
  await withClient(embedded.url, (c) => c.query(EMPTY_IT));
  return {
    url: embedded.url,
    server: { host: '127.0.0.1', port: embedded.port, user: 'postgres' },
    real: false,
    query: (sql, params) => withClient(embedded.url, (c) => c.query(sql, params)),
    drop: async () => {},
  };
}

let shared: ReturnType<typeof startEmbeddedPostgres> | undefined;
afterAll(async () => {
  const embedded = shared;
  shared = undefined;
  await (await embedded)?.stop();
});

const EMPTY_IT = `DO $$ DECLARE s text; BEGIN
  FOR s IN SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' LOOP
    EXECUTE format('DROP SCHEMA %I CASCADE', s);
  END LOOP;
  CREATE SCHEMA public;
END $$`;

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh database for each test of the file, dropped after it. */
export function freshDatabasePerTest(): () => TestDatabase {
  let database: TestDatabase | undefined;
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    await database?.drop();
  });
  return () => database!;
}
