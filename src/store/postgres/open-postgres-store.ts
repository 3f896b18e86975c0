import pg from 'pg';
import { StoreError } from '../migrations.js';
import type { Store } from '../store.js';
import { describePostgresUrl, isTransientPgError } from './pg-errors.js';
import { PgLedger } from './pg-ledger.js';
import { migratePostgres } from './pg-migrations.js';
import { PgPaperHistory } from './pg-paper-history.js';
import { PgVotes } from './pg-votes.js';
import { PgConversations } from './pg-conversations.js';
import { PgReloadLog } from './pg-reload-log.js';
import { PgSubscriptions } from './pg-subscriptions.js';
import { PgUserSettings } from './pg-user-settings.js';

export const POSTGRES_STORE_OPTIONS = {
  /**
   * Connections per process. A bot's writes are a few a minute and its reads a few per digest run; 5 lets
   * a digest run, a reload and a command overlap without one machine holding much of `max_connections`.
   */
  poolMax: 5,
  /** A connection that does not come within this is a failed attempt (the start-up wait then retries). */
  connectTimeoutMs: 5_000,
  /** A query with no answer within this fails (a network that drops packets rather than refusing). */
  queryTimeoutMs: 30_000,
  idleTimeoutMs: 30_000,
  /** How long start-up waits for an unreachable server before giving up (DATABASE_WAIT_SECONDS). */
  waitMs: 30_000,
} as const;

export interface PostgresStoreOptions {
  url: string;
  /**
   * A schema of its own (created if missing) instead of the URL's search_path: the tests' per-run
   * `paperboy_test_…`. Letters, digits and underscores.
   */
  schema?: string | undefined;
  /** How long to wait for an unreachable server; 0 tries once. */
  waitMs?: number | undefined;
  /** Told once when the first attempt fails and start-up begins to wait (with a message that never holds the URL). */
  onWaiting?: ((location: string, reason: string) => void) | undefined;
  sleep?: ((ms: number) => Promise<void>) | undefined;
  clock?: (() => number) | undefined;
  poolMax?: number | undefined;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Connects to PostgreSQL (waiting, with back-off, up to `waitMs` for a server that is not up yet) and
 * migrates it to the newest schema. A server that never answers, or refuses us (a wrong password, a
 * missing database), is a StoreError naming host, port and database, never the password.
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const location = describePostgresUrl(options.url);
  const { schema } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new StoreError(`store: schema name ${JSON.stringify(schema)} is not lower-case letters, digits and _`);
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolMax ?? POSTGRES_STORE_OPTIONS.poolMax,
    connectionTimeoutMillis: POSTGRES_STORE_OPTIONS.connectTimeoutMs,
    idleTimeoutMillis: POSTGRES_STORE_OPTIONS.idleTimeoutMs,
    query_timeout: POSTGRES_STORE_OPTIONS.queryTimeoutMs,
    application_name: 'paperboy',
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  // An idle connection the server (or the network) dropped: the pool discards it and the next query opens
  // another. Without a listener the error would end the process.
  pool.on('error', () => undefined);
  let closing: Promise<void> | undefined;
  try {
    await waitForServer(pool, location, options);
    const schemaVersion = await migratePostgres(pool, location, { schema });
    return {
      engine: 'postgres',
      location,
      subscriptions: new PgSubscriptions(pool),
      ledger: new PgLedger(pool),
      papers: new PgPaperHistory(pool),
      reloads: new PgReloadLog(pool),
      votes: new PgVotes(pool),
      conversations: new PgConversations(pool),
      users: new PgUserSettings(pool),
      schemaVersion,
      isTransient: isTransientPgError,
      close: () => (closing ??= pool.end()),
    };
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
}

async function waitForServer(pool: pg.Pool, location: string, options: PostgresStoreOptions): Promise<void> {
  const sleep = options.sleep ?? realSleep;
  const clock = options.clock ?? Date.now;
  const waitMs = options.waitMs ?? POSTGRES_STORE_OPTIONS.waitMs;
  const started = clock();
  let delay = 250;
  for (let attempt = 1; ; attempt++) {
    try {
      await pool.query('SELECT 1');
      return;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (!isTransientPgError(error)) {
        throw new StoreError(`store: PostgreSQL at ${location} refused Paperboy: ${reason}`);
      }
      const waited = clock() - started;
      if (waited + delay > waitMs) {
        throw new StoreError(
          `store: PostgreSQL at ${location} did not answer${waitMs > 0 ? ` within ${Math.round(waitMs / 1000)} s` : ''} ` +
            `(${attempt} attempts; last: ${reason}); check DATABASE_URL's host and that the server is up`,
        );
      }
      if (attempt === 1) options.onWaiting?.(location, reason);
      await sleep(delay);
      delay = Math.min(delay * 2, 5_000);
    }
  }
}
