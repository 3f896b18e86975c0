import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { DigestLedger } from './digest-ledger.js';
import { SqliteConversationStore, type ConversationStore } from './conversation-store.js';
import { migrate } from './migrations.js';
import { PaperHistory } from './paper-history.js';
import { ReloadLog } from './reload-log.js';
import { SubscriptionStore } from './subscription-store.js';
import { SqliteVoteStore, type VoteStore } from './vote-store.js';

/** The file name of the store inside DATA_DIR. */
export const STORE_FILE = 'paperboy.sqlite';

export const STORE_OPTIONS = {
  /** How long a writer waits for another process's write lock before SQLITE_BUSY. */
  busyTimeoutMs: 5_000,
} as const;

/** Paperboy's durable state: digest subscriptions, the send ledger, paper history and the corpus reload log. */
export interface Store {
  readonly subscriptions: SubscriptionStore;
  readonly ledger: DigestLedger;
  readonly papers: PaperHistory;
  readonly reloads: ReloadLog;
  /** Follow-up conversations in Discord threads, DMs and the terminal (expire after a day). */
  readonly conversations: ConversationStore;
  /** Votes for papers, per guild. */
  readonly votes: VoteStore;
  readonly schemaVersion: number;
  /** Runs `fn` in one write transaction (all or nothing). */
  transaction<T>(fn: () => T): T;
  close(): void;
}

/**
 * Opens (creating if needed) the SQLite store at `path` and migrates it to the newest schema.
 * WAL lets readers run while one process writes; foreign keys cascade a subscription's history.
 * `:memory:` gives a throwaway store for tests.
 */
export function openStore(path: string, options: { readonly?: boolean } = {}): Store {
  if (path !== ':memory:' && !options.readonly) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  try {
    db.pragma(`busy_timeout = ${STORE_OPTIONS.busyTimeoutMs}`);
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
      subscriptions: new SubscriptionStore(db),
      ledger: new DigestLedger(db),
      papers: new PaperHistory(db),
      reloads: new ReloadLog(db),
      conversations: new SqliteConversationStore(db),
      votes: new SqliteVoteStore(db),
      schemaVersion,
      transaction: <T>(fn: () => T): T => db.transaction(fn).immediate(),
      close: () => db.close(),
    };
  } catch (error) {
    db.close();
    throw error;
  }
}
