import type { Subscription, SubscriptionKind, SubscriptionStatus } from '../core/digest/subscription.js';

/**
 * A `subscriptions` row as either engine returns it; `T` is how the engine hands out a time (SQLite: the ISO
 * text it stores; PostgreSQL: a `Date` from `timestamptz`).
 */
export interface SubscriptionRow<T> {
  id: number;
  kind: SubscriptionKind;
  guild_id: string;
  channel_id: string;
  time: string;
  timezone: string;
  topic: string;
  max_papers: number;
  status: SubscriptionStatus;
  status_reason: string | null;
  created_by: string;
  created_at: T;
  updated_at: T;
}

/** A `subscription_drafts` row, times as in {@link SubscriptionRow}. */
export interface DraftRow<T> {
  token: string;
  guild_id: string;
  channel_id: string;
  time: string;
  timezone: string;
  topic: string;
  max_papers: number;
  created_by: string;
  expires_at: T;
  kind: SubscriptionKind;
}

/** The subscription in a row, its times as ISO strings (`iso` turns the engine's time into one). */
export function toSubscription<T>(row: SubscriptionRow<T>, iso: (time: T) => string): Subscription {
  return {
    id: row.id,
    kind: row.kind,
    guildId: row.guild_id,
    channelId: row.channel_id,
    time: row.time,
    timezone: row.timezone,
    topic: row.topic,
    max: row.max_papers,
    status: row.status,
    statusReason: row.status_reason,
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}
