// The engines the store suite runs on: SQLite always; PostgreSQL when TEST_DATABASE_URL is set (`.ci/run`
// sets it), each store in a schema of its own, dropped after the file's tests.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openPostgresStore } from '../../src/store/postgres/open-postgres-store.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import type { Store, StoreEngine } from '../../src/store/store.js';

/** Read from the environment only: no file sets it, so `npm test` without PostgreSQL skips its suite. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

export const PG_SKIPPED =
  'skipped: TEST_DATABASE_URL is not set; run it with TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm test';

/** Says, once per test file, that its PostgreSQL tests are skipped and how to run them. */
export function notePostgresSkipped(what: string): void {
  if (!TEST_DATABASE_URL) console.warn(`${what} on PostgreSQL ${PG_SKIPPED}`);
}

export interface TestEngine {
  name: StoreEngine;
  /** The suite's title: the engine, and why it is skipped when it is. */
  title: string;
  skip: boolean;
  /** A new, empty store at the newest schema. */
  fresh(): Promise<Store>;
  /** Another store (another connection or pool: another process) on the data of the last `fresh()`. */
  again(): Promise<Store>;
  /** Closes every store opened and removes their data. */
  cleanup(): Promise<void>;
}

export function sqliteEngine(): TestEngine {
  const dirs: string[] = [];
  const stores: Store[] = [];
  let path = '';
  const open = (file: string) => {
    const store = openSqliteStore(file);
    stores.push(store);
    return Promise.resolve(store);
  };
  return {
    name: 'sqlite',
    title: 'sqlite',
    skip: false,
    fresh() {
      const dir = mkdtempSync(join(tmpdir(), 'paperboy-store-'));
      dirs.push(dir);
      path = join(dir, 'paperboy.sqlite');
      return open(path);
    },
    again: () => open(path),
    async cleanup() {
      for (const store of stores.splice(0)) await store.close();
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A schema name no other run uses: `paperboy_test_<12 hex>`. */
export function testSchemaName(): string {
  return `paperboy_test_${randomBytes(6).toString('hex')}`;
}

/** Drops test schemas, with everything in them. */
export async function dropSchemas(url: string, schemas: readonly string[]): Promise<void> {
  if (schemas.length === 0) return;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

export function postgresEngine(url: string | undefined = TEST_DATABASE_URL): TestEngine {
  const schemas: string[] = [];
  const stores: Store[] = [];
  const open = async (schema: string) => {
    const store = await openPostgresStore({ url: url!, schema, waitMs: 0 });
    stores.push(store);
    return store;
  };
  return {
    name: 'postgres',
    title: url ? 'postgres' : `postgres (${PG_SKIPPED})`,
    skip: !url,
    fresh() {
      const schema = testSchemaName();
      schemas.push(schema);
      return open(schema);
    },
    again: () => open(schemas.at(-1)!),
    async cleanup() {
      for (const store of stores.splice(0)) await store.close();
      await dropSchemas(url!, schemas.splice(0));
    },
  };
}

/** Both engines, PostgreSQL's marked skipped when TEST_DATABASE_URL is unset. */
export function testEngines(): TestEngine[] {
  return [sqliteEngine(), postgresEngine()];
}
