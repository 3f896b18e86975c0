import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openPostgresStore, type PostgresStoreOptions } from './postgres/open-postgres-store.js';
import { openSqliteStore } from './sqlite/open-sqlite-store.js';
import type { Store } from './store.js';

export type { Store } from './store.js';

/** The file name of the SQLite store inside DATA_DIR. */
export const STORE_FILE = 'paperboy.sqlite';

/** Where the store lives: PostgreSQL when `databaseUrl` is set, else the SQLite file in `dataDir`. */
export interface StoreLocation {
  databaseUrl?: string | undefined;
  dataDir: string;
}

/**
 * Opens the configured store and brings it to the newest schema: PostgreSQL at `DATABASE_URL` (waiting
 * for it as `options` say), else SQLite in DATA_DIR.
 */
export async function openStore(where: StoreLocation, options: Omit<PostgresStoreOptions, 'url'> = {}): Promise<Store> {
  if (where.databaseUrl) return openPostgresStore({ ...options, url: where.databaseUrl });
  return openSqliteStore(join(where.dataDir, STORE_FILE));
}

/**
 * The store as the CLI reads it: PostgreSQL at `databaseUrl` (not waited for; migrated like any opening,
 * which a running bot has already done), else the SQLite file in `dataDir` opened read-only, changing
 * nothing; undefined when there is no SQLite file yet.
 */
export async function openStoreToRead(where: StoreLocation): Promise<Store | undefined> {
  if (where.databaseUrl) return openPostgresStore({ url: where.databaseUrl, waitMs: 0 });
  const path = join(where.dataDir, STORE_FILE);
  return existsSync(path) ? openSqliteStore(path, { readonly: true }) : undefined;
}
