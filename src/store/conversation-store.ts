import type Database from 'better-sqlite3';
import { z } from 'zod';
import { MAX_TURNS, type Conversation } from '../core/answer/conversation.js';

/** A day without a turn and a conversation is forgotten. */
export const CONVERSATION_TTL_MS = 24 * 60 * 60_000;

/** Where a conversation happens: `thread:<id>`, `dm:<channelId>` or `terminal:<session>`. */
export type ConversationKey = `thread:${string}` | `dm:${string}` | `terminal:${string}`;

/** A conversation as kept: the value, who it belongs to (for `/forget`), and its last turn. */
export interface StoredConversation {
  conversation: Conversation;
  /** The user whose conversation it is (the DM's user, who opened the thread); null in the terminal. */
  owner: string | null;
  /** ISO time of the last turn. */
  updatedAt: string;
}

/**
 * Conversations kept between turns, processes and restarts. Every method returns a promise so that a
 * server database can stand behind the same interface; the SQLite one answers at once.
 */
export interface ConversationStore {
  /** The conversation under `key`, unless there is none or its last turn is over a day before `now`. */
  load(key: ConversationKey, now: Date): Promise<StoredConversation | undefined>;
  /** Keeps `conversation` (its last {@link MAX_TURNS} turns) under `key` for a day from `now`. */
  save(key: ConversationKey, conversation: Conversation, meta: { owner: string | null; now: Date }): Promise<void>;
  /** Forgets the conversation under `key`; true when there was one. */
  drop(key: ConversationKey): Promise<boolean>;
  /** Forgets every conversation `owner` owns; how many there were. */
  forgetOwner(owner: string): Promise<number>;
  /** Deletes conversations whose day ran out before `now`; how many. */
  purgeExpired(now: Date): Promise<number>;
}

/** The stored form, versioned: only the turns' question, reading and papers, and the focus. */
const STORED = z.object({
  v: z.literal(1),
  turns: z.array(
    z.object({
      question: z.string(),
      reading: z.object({
        kind: z.enum(['new', 'back', 'named', 'pick', 'compare', 'related']),
        question: z.string(),
        papers: z.array(z.string()),
        why: z.string(),
      }),
      papers: z.array(z.string()),
    }),
  ),
  focus: z.array(z.string()),
});

interface ConversationRow {
  key: string;
  owner: string | null;
  value: string;
  updated_at: string;
  expires_at: string;
}

/** {@link ConversationStore} over the SQLite store's `conversations` table (migration 5). */
export class SqliteConversationStore implements ConversationStore {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  async load(key: ConversationKey, now: Date): Promise<StoredConversation | undefined> {
    const row = this.#db.prepare<[string], ConversationRow>('SELECT * FROM conversations WHERE key = ?').get(key);
    if (!row) return undefined;
    const parsed = STORED.safeParse(safeJson(row.value));
    if (row.expires_at <= now.toISOString() || !parsed.success) {
      // Expired, or written by a version that stored something else: either way it starts afresh.
      this.#db.prepare('DELETE FROM conversations WHERE key = ?').run(key);
      return undefined;
    }
    const { turns, focus } = parsed.data;
    return { conversation: { turns, focus }, owner: row.owner, updatedAt: row.updated_at };
  }

  async save(
    key: ConversationKey,
    conversation: Conversation,
    meta: { owner: string | null; now: Date },
  ): Promise<void> {
    const value = JSON.stringify({ v: 1, turns: conversation.turns.slice(-MAX_TURNS), focus: conversation.focus });
    const expires = new Date(meta.now.getTime() + CONVERSATION_TTL_MS).toISOString();
    this.#db
      .prepare(
        `INSERT INTO conversations (key, owner, value, updated_at, expires_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at,
           expires_at = excluded.expires_at, owner = coalesce(conversations.owner, excluded.owner)`,
      )
      .run(key, meta.owner, value, meta.now.toISOString(), expires);
  }

  async drop(key: ConversationKey): Promise<boolean> {
    return this.#db.prepare('DELETE FROM conversations WHERE key = ?').run(key).changes > 0;
  }

  async forgetOwner(owner: string): Promise<number> {
    return this.#db.prepare('DELETE FROM conversations WHERE owner = ?').run(owner).changes;
  }

  async purgeExpired(now: Date): Promise<number> {
    return this.#db.prepare('DELETE FROM conversations WHERE expires_at <= ?').run(now.toISOString()).changes;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
