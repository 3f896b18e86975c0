import type pg from 'pg';
import type { Conversation } from '../../core/answer/conversation.js';
import {
  CONVERSATION_TTL_MS,
  decodeConversation,
  encodeConversation,
  type ConversationKey,
  type ConversationStore,
  type StoredConversation,
} from '../conversation-store.js';
import { iso } from './pg-transaction.js';

/** Conversations in PostgreSQL: a thread's conversation continues on whichever machine gets its next turn. */
export class PgConversations implements ConversationStore {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async load(key: ConversationKey, now: Date): Promise<StoredConversation | undefined> {
    const { rows } = await this.#pool.query<{
      owner: string | null;
      value: string;
      updated_at: Date;
      expires_at: Date;
    }>('SELECT owner, value, updated_at, expires_at FROM conversations WHERE key = $1', [key]);
    const row = rows[0];
    if (!row) return undefined;
    const conversation = decodeConversation(row.value);
    if (row.expires_at.getTime() <= now.getTime() || !conversation) {
      // Expired, or written by a version that stored something else: either way it starts afresh.
      await this.#pool.query('DELETE FROM conversations WHERE key = $1', [key]);
      return undefined;
    }
    return { conversation, owner: row.owner, updatedAt: iso(row.updated_at) };
  }

  async save(
    key: ConversationKey,
    conversation: Conversation,
    meta: { owner: string | null; now: Date },
  ): Promise<void> {
    const expires = new Date(meta.now.getTime() + CONVERSATION_TTL_MS).toISOString();
    await this.#pool.query(
      `INSERT INTO conversations (key, owner, value, updated_at, expires_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at,
         expires_at = excluded.expires_at, owner = coalesce(conversations.owner, excluded.owner)`,
      [key, meta.owner, encodeConversation(conversation), meta.now.toISOString(), expires],
    );
  }

  async drop(key: ConversationKey): Promise<boolean> {
    return ((await this.#pool.query('DELETE FROM conversations WHERE key = $1', [key])).rowCount ?? 0) > 0;
  }

  async forgetOwner(owner: string): Promise<number> {
    return (await this.#pool.query('DELETE FROM conversations WHERE owner = $1', [owner])).rowCount ?? 0;
  }

  async purgeExpired(now: Date): Promise<number> {
    return (
      (await this.#pool.query('DELETE FROM conversations WHERE expires_at <= $1', [now.toISOString()])).rowCount ?? 0
    );
  }
}
