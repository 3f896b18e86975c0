import type {
  NewSubscription,
  Subscription,
  SubscriptionKind,
  SubscriptionStatus,
} from '../core/digest/subscription.js';

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

/**
 * The values of a new `subscriptions` row, in the column order both engines insert:
 * guild_id, channel_id, time, timezone, topic, max_papers, created_by, created_at, updated_at, kind.
 */
export function subscriptionValues(input: NewSubscription, at: string): unknown[] {
  const { guildId, channelId, time, timezone, topic, max, createdBy } = input;
  return [guildId, channelId, time, timezone, topic, max, createdBy, at, at, input.kind ?? 'digest'];
}

/**
 * The values of a new `subscription_drafts` row, in the column order both engines insert:
 * token, guild_id, channel_id, time, timezone, topic, max_papers, created_by, expires_at, kind.
 */
export function draftValues(token: string, input: NewSubscription, expiresAt: string): unknown[] {
  const { guildId, channelId, time, timezone, topic, max, createdBy } = input;
  return [token, guildId, channelId, time, timezone, topic, max, createdBy, expiresAt, input.kind ?? 'digest'];
}

/** The subscription a confirmed draft becomes. */
export function draftSubscription<T>(draft: DraftRow<T>): NewSubscription {
  return {
    guildId: draft.guild_id,
    channelId: draft.channel_id,
    time: draft.time,
    timezone: draft.timezone,
    topic: draft.topic,
    max: draft.max_papers,
    createdBy: draft.created_by,
    kind: draft.kind,
  };
}
