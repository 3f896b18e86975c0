import type Database from 'better-sqlite3';
import type { Conversation } from '../../core/answer/conversation.js';
import {
  CONVERSATION_TTL_MS,
  decodeConversation,
  encodeConversation,
  type ConversationKey,
  type StoredConversation,
} from '../conversation-store.js';

interface ConversationRow {
  key: string;
  owner: string | null;
  value: string;
  updated_at: string;
  expires_at: string;
}

/** Conversations in SQLite's `conversations` table (migration 5); `asAsync` gives it the store's interface. */
export class SqliteConversations {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  load(key: ConversationKey, now: Date): StoredConversation | undefined {
    const row = this.#db.prepare<[string], ConversationRow>('SELECT * FROM conversations WHERE key = ?').get(key);
    if (!row) return undefined;
    const conversation = decodeConversation(row.value);
    if (row.expires_at <= now.toISOString() || !conversation) {
      // Expired, or written by a version that stored something else: either way it starts afresh.
      this.#db.prepare('DELETE FROM conversations WHERE key = ?').run(key);
      return undefined;
    }
    return { conversation, owner: row.owner, updatedAt: row.updated_at };
  }

  save(key: ConversationKey, conversation: Conversation, meta: { owner: string | null; now: Date }): void {
    const expires = new Date(meta.now.getTime() + CONVERSATION_TTL_MS).toISOString();
    this.#db
      .prepare(
        `INSERT INTO conversations (key, owner, value, updated_at, expires_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at,
           expires_at = excluded.expires_at, owner = coalesce(conversations.owner, excluded.owner)`,
      )
      .run(key, meta.owner, encodeConversation(conversation), meta.now.toISOString(), expires);
  }

  drop(key: ConversationKey): boolean {
    return this.#db.prepare('DELETE FROM conversations WHERE key = ?').run(key).changes > 0;
  }

  forgetOwner(owner: string): number {
    return this.#db.prepare('DELETE FROM conversations WHERE owner = ?').run(owner).changes;
  }

  purgeExpired(now: Date): number {
    return this.#db.prepare('DELETE FROM conversations WHERE expires_at <= ?').run(now.toISOString()).changes;
  }
}
