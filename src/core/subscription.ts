/** Whether a subscription is posted: paused and disabled ones carry a reason a guild manager can read. */
export type SubscriptionStatus = 'active' | 'paused' | 'disabled';

/** A channel's daily digest: when (local `time` in an IANA `timezone`), what (`topic`) and how many (`max`). */
export interface Subscription {
  id: number;
  guildId: string;
  channelId: string;
  /** `HH:MM`, 24-hour, in `timezone`. */
  time: string;
  /** An IANA name such as `Europe/Berlin`. */
  timezone: string;
  /** A topic query (words, `"phrases"`, `-excluded`); empty means every paper. */
  topic: string;
  /** Papers per digest, 1-10. */
  max: number;
  status: SubscriptionStatus;
  /** Why it is paused or disabled; null while active. */
  statusReason: string | null;
  /** The user id that subscribed. */
  createdBy: string;
  /** ISO instant. Slots before it are never posted. */
  createdAt: string;
  updatedAt: string;
}

/** What a new subscription needs; the store fills in id, status and times. */
export type NewSubscription = Pick<
  Subscription,
  'guildId' | 'channelId' | 'time' | 'timezone' | 'topic' | 'max' | 'createdBy'
>;

export const DIGEST_MAX_PAPERS = 10;
export const DIGEST_DEFAULT_PAPERS = 5;
export const TOPIC_MAX_LENGTH = 200;
