import type { ConversationStore } from './conversation-store.js';
import type { SubscriptionStore } from './subscription-store.js';
import type { UserSettingsStore } from './user-settings-store.js';
import type { VoteStore } from './vote-store.js';

/** What `/forget` dropped for a user; one count per kind of thing kept about users. */
export interface ForgetReport {
  /** Conversations the user owned: their DM conversation and the threads they opened. */
  conversations: number;
  /** Their 👍 votes, in every guild. */
  votes: number;
  /** Their personal alerts (with their remembered time zone). */
  alerts: number;
}

/** The parts of the store that hold something about a user. */
export interface UserData {
  conversations: ConversationStore;
  /** Absent when votes are not set up. */
  votes?: VoteStore;
  /** Absent when alerts are not set up. */
  subscriptions?: Pick<SubscriptionStore, 'forgetUser'>;
  users?: Pick<UserSettingsStore, 'forgetUser'>;
}

/**
 * Drops everything kept about `userId`, as `/forget` promises. The one place that knows what is kept per
 * user: whatever later keeps something about users adds its line here and a count to
 * {@link ForgetReport}.
 * @example await forgetUser(store, interaction.user.id) // { conversations: 2, votes: 5 }
 */
export async function forgetUser(store: UserData, userId: string): Promise<ForgetReport> {
  const report = {
    conversations: await store.conversations.forgetOwner(userId),
    votes: (await store.votes?.forgetUser(userId)) ?? 0,
    alerts: (await store.subscriptions?.forgetUser(userId)) ?? 0,
  };
  // The remembered time zone and any waiting notice go too; they are part of the alerts.
  await store.users?.forgetUser(userId);
  return report;
}
