import type { DigestLedger } from './digest-ledger.js';
import type { PaperHistory } from './paper-history.js';
import type { ReloadLog } from './reload-log.js';
import type { SubscriptionStore } from './subscription-store.js';
import type { VoteStore } from './vote-store.js';
import type { ConversationStore } from './conversation-store.js';
import type { UserSettingsStore } from './user-settings-store.js';

export type StoreEngine = 'sqlite' | 'postgres';

/**
 * Paperboy's durable state: digest subscriptions, the send ledger, paper history, the corpus reload log,
 * votes and conversations. One interface, two implementations (`sqlite/`, `postgres/`); every method
 * resolves once its statement (or its one transaction) is done. A later feature adds a field here, one
 * table per engine in both migration lists (same version number), and an implementation in each folder.
 */
export interface Store {
  readonly engine: StoreEngine;
  /** Where the data lives, safe to log: a file path, or `host:port/database` (never a password). */
  readonly location: string;
  readonly subscriptions: SubscriptionStore;
  readonly ledger: DigestLedger;
  readonly papers: PaperHistory;
  readonly reloads: ReloadLog;
  /** Votes for papers, per guild. */
  readonly votes: VoteStore;
  /** Follow-up conversations in Discord threads, DMs and the terminal (expire after a day without a turn). */
  readonly conversations: ConversationStore;
  /** Users' remembered time zone (for alerts) and a notice waiting for their next interaction. */
  readonly users: UserSettingsStore;
  readonly schemaVersion: number;
  /** Whether `error` is worth another try: the database was unreachable or busy, not a bad statement. */
  isTransient(error: unknown): boolean;
  close(): Promise<void>;
}

export { StoreError } from './migrations.js';
