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

/** A conversation as the store writes it: versioned JSON of its last {@link MAX_TURNS} turns and its focus. */
export function encodeConversation(conversation: Conversation): string {
  return JSON.stringify({ v: 1, turns: conversation.turns.slice(-MAX_TURNS), focus: conversation.focus });
}

/** The conversation in a stored value; undefined for a value some other version wrote (it starts afresh). */
export function decodeConversation(value: string): Conversation | undefined {
  const parsed = STORED.safeParse(safeJson(value));
  if (!parsed.success) return undefined;
  const { turns, focus } = parsed.data;
  return { turns, focus };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
