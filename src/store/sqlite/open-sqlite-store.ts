import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from '../migrations.js';
import type { Store } from '../store.js';
import { asAsync } from './as-async.js';
import { SqliteLedger } from './sqlite-ledger.js';
import { SqlitePaperHistory } from './sqlite-paper-history.js';
import { SqliteReloadLog } from './sqlite-reload-log.js';
import { SqliteSubscriptions } from './sqlite-subscriptions.js';
import { SqliteVotes } from './sqlite-votes.js';
import { SqliteConversations } from './sqlite-conversations.js';
import { SqliteUserSettings } from './sqlite-user-settings.js';

export const SQLITE_STORE_OPTIONS = {
  /** How long a writer waits for another process's write lock before SQLITE_BUSY. */
  busyTimeoutMs: 5_000,
} as const;

/** SQLite's codes for "another process holds the lock": worth a retry, unlike a bad statement. */
const TRANSIENT_CODES = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED']);

/**
 * Opens (creating if needed) the SQLite store at `path` and migrates it to the newest schema.
 * WAL lets readers run while one process writes; foreign keys cascade a subscription's history.
 * `:memory:` gives a throwaway store for tests.
 */
export function openSqliteStore(path: string, options: { readonly?: boolean } = {}): Store {
  if (path !== ':memory:' && !options.readonly) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  try {
    db.pragma(`busy_timeout = ${SQLITE_STORE_OPTIONS.busyTimeoutMs}`);
    db.pragma('foreign_keys = ON');
    let schemaVersion: number;
    if (options.readonly) {
      schemaVersion = db.pragma('user_version', { simple: true }) as number;
    } else {
      db.pragma('journal_mode = WAL');
      // FULL: a claim or a sent mark must survive a power cut too, or a restart could post twice. Writes are rare.
      db.pragma('synchronous = FULL');
      schemaVersion = migrate(db);
    }
    return {
      engine: 'sqlite',
      location: path,
      subscriptions: asAsync(new SqliteSubscriptions(db)),
      ledger: asAsync(new SqliteLedger(db)),
      papers: asAsync(new SqlitePaperHistory(db)),
      reloads: asAsync(new SqliteReloadLog(db)),
      votes: asAsync(new SqliteVotes(db)),
      conversations: asAsync(new SqliteConversations(db)),
      users: asAsync(new SqliteUserSettings(db)),
      schemaVersion,
      isTransient: (error) =>
        error instanceof Database.SqliteError &&
        [...TRANSIENT_CODES].some((code) => error.code === code || error.code.startsWith(`${code}_`)),
      close: () => {
        db.close();
        return Promise.resolve();
      },
    };
  } catch (error) {
    db.close();
    throw error;
  }
}
