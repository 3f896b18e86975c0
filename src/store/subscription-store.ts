import type { SubscriptionRecords } from '../core/digest/digest-service.js';
import type { NewSubscription, Subscription, SubscriptionStatus } from '../core/digest/subscription.js';

/** Channel subscriptions: who gets a digest, when, about what, and whether it is paused. */
export interface SubscriptionStore extends SubscriptionRecords {
  add(input: NewSubscription, now: Date): Promise<Subscription>;
  listActive(): Promise<Subscription[]>;
  /** Pauses or disables with a reason, or reactivates (reason cleared). Resolves false when the id is unknown. */
  setStatus(id: number, status: SubscriptionStatus, reason: string | null, now: Date): Promise<boolean>;
}
