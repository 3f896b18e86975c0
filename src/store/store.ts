import type { DigestLedger } from './digest-ledger.js';
import type { PaperHistory } from './paper-history.js';
import type { ReloadLog } from './reload-log.js';
import type { SubscriptionStore } from './subscription-store.js';

export type StoreEngine = 'sqlite' | 'postgres';

/**
 * Paperboy's durable state: digest subscriptions, the send ledger, paper history and the corpus reload
 * log. One interface, two implementations (`sqlite/`, `postgres/`); every method resolves once its
 * statement (or its one transaction) is done. A later feature adds a field here, one table per engine in
 * both migration lists (same version number), and an implementation in each folder: conversations
 * (issue 13, `conversation-store.ts` with its SQLite class) come in as `conversations`, their SQLite step
 * in `migrations.ts` and its twin in `postgres/pg-migrations.ts`, then alerts and votes the same way.
 */
export interface Store {
  readonly engine: StoreEngine;
  /** Where the data lives, safe to log: a file path, or `host:port/database` (never a password). */
  readonly location: string;
  readonly subscriptions: SubscriptionStore;
  readonly ledger: DigestLedger;
  readonly papers: PaperHistory;
  readonly reloads: ReloadLog;
  readonly schemaVersion: number;
  /** Whether `error` is worth another try: the database was unreachable or busy, not a bad statement. */
  isTransient(error: unknown): boolean;
  close(): Promise<void>;
}

export { StoreError } from './migrations.js';
