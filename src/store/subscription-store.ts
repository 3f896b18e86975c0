import type { SubscriptionRecords } from '../core/digest/digest-service.js';
import type { NewSubscription, Subscription, SubscriptionStatus } from '../core/digest/subscription.js';

/**
 * Subscriptions: channels' daily digests and users' personal alerts (kind `alert`, posted by DM). Guild
 * operations (`listForGuild`, `remove`) see digests only.
 */
export interface SubscriptionStore extends SubscriptionRecords {
  add(input: NewSubscription, now: Date): Promise<Subscription>;
  listActive(): Promise<Subscription[]>;
  /** Pauses or disables with a reason, or reactivates (reason cleared). Resolves false when the id is unknown. */
  setStatus(id: number, status: SubscriptionStatus, reason: string | null, now: Date): Promise<boolean>;
  /** A user's personal alerts (kind `alert`), oldest first. */
  listForUser(userId: string): Promise<Subscription[]>;
  /** Removes one of the user's alerts with its history; false when it is not theirs or unknown. */
  removeAlert(id: number, userId: string): Promise<boolean>;
  /** Removes every alert (and alert draft) of a user; how many alerts there were. */
  forgetUser(userId: string): Promise<number>;
}
