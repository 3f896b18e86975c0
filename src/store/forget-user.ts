import type { ConversationStore } from './conversation-store.js';
import type { VoteStore } from './vote-store.js';

/** What `/forget` dropped for a user; one count per kind of thing kept about users. */
export interface ForgetReport {
  /** Conversations the user owned: their DM conversation and the threads they opened. */
  conversations: number;
  /** Their 👍 votes, in every guild. */
  votes: number;
}

/** The parts of the store that hold something about a user. */
export interface UserData {
  conversations: ConversationStore;
  /** Absent when votes are not set up. */
  votes?: VoteStore;
}

/**
 * Drops everything kept about `userId`, as `/forget` promises. The one place that knows what is kept per
 * user: whatever later keeps something about users (alerts) adds its line here and a count to
 * {@link ForgetReport}.
 * @example await forgetUser(store, interaction.user.id) // { conversations: 2, votes: 5 }
 */
export async function forgetUser(store: UserData, userId: string): Promise<ForgetReport> {
  return {
    conversations: await store.conversations.forgetOwner(userId),
    votes: (await store.votes?.forgetUser(userId)) ?? 0,
  };
}
