import { NEW_CONVERSATION, type Conversation, type ConversationReply } from '../core/answer/conversation.js';
import type { ConversationKey, ConversationStore } from './conversation-store.js';

/** Where a turn's conversation is kept and whose it is. */
export interface TurnPlace {
  store: ConversationStore;
  key: ConversationKey;
  /** The user it belongs to, for `/forget` (the first to speak keeps it); null in the terminal. */
  owner: string | null;
  now: Date;
}

/**
 * One turn of a kept conversation, the same for Discord threads, DMs and the terminal: the conversation is
 * read from the store (another process or a restart may have moved it on), `answer` answers the question
 * against it, and the next conversation is kept for a day; conversations whose day ran out are deleted.
 * `resumed` is true when a conversation was there.
 * @example const reply = await takeTurn(place, (conversation) => search.converse(conversation, question))
 */
export async function takeTurn(
  place: TurnPlace,
  answer: (conversation: Conversation) => ConversationReply | Promise<ConversationReply>,
): Promise<ConversationReply & { resumed: boolean }> {
  const kept = await place.store.load(place.key, place.now);
  const reply = await answer(kept?.conversation ?? NEW_CONVERSATION);
  await place.store.save(place.key, reply.conversation, { owner: place.owner, now: place.now });
  // Conversations nobody came back to go now, not only when their key is read again (an index makes it cheap).
  await place.store.purgeExpired(place.now);
  return { ...reply, resumed: kept !== undefined };
}

/**
 * The terminal's conversation: in the store under `terminal:<session>` when there is one (so a restart or
 * another process continues it), else in memory for as long as the chat runs.
 */
export class ChatConversation {
  #memory: Conversation = NEW_CONVERSATION;
  readonly #kept: { store: ConversationStore; key: ConversationKey; clock: () => Date } | undefined;

  constructor(kept?: { store: ConversationStore; session: string; clock: () => Date }) {
    this.#kept = kept && { store: kept.store, key: `terminal:${kept.session}`, clock: kept.clock };
  }

  /** Answers a question against the conversation and keeps the next one. */
  async turn(answer: (conversation: Conversation) => ConversationReply): Promise<ConversationReply> {
    if (!this.#kept) {
      const reply = answer(this.#memory);
      this.#memory = reply.conversation;
      return reply;
    }
    const { store, key, clock } = this.#kept;
    return takeTurn({ store, key, owner: null, now: clock() }, answer);
  }

  /** The kept conversation's turns so far (0 for a new one): the chat says it continues one. */
  async turns(): Promise<number> {
    if (!this.#kept) return this.#memory.turns.length;
    return (await this.#kept.store.load(this.#kept.key, this.#kept.clock()))?.conversation.turns.length ?? 0;
  }

  /** `/new`: the next question starts afresh. */
  async reset(): Promise<void> {
    this.#memory = NEW_CONVERSATION;
    if (this.#kept) await this.#kept.store.drop(this.#kept.key);
  }
}
