import { parseFilters } from '../search/filter/filter-grammar.js';
import { normalizeDailyTime, resolveTimeZone } from './schedule.js';

/** Whether a subscription is posted: paused and disabled ones carry a reason a guild manager can read. */
export type SubscriptionStatus = 'active' | 'paused' | 'disabled';

/** A channel's daily digest, or a user's personal alert (posted by DM, only on days with something new). */
export type SubscriptionKind = 'digest' | 'alert';

/** A channel's daily digest: when (local `time` in an IANA `timezone`), what (`topic`) and how many (`max`). */
export interface Subscription {
  id: number;
  kind: SubscriptionKind;
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
> & {
  /** Default `digest`. */
  kind?: SubscriptionKind;
};

export const DIGEST_MAX_PAPERS = 10;
export const DIGEST_DEFAULT_PAPERS = 5;
export const TOPIC_MAX_LENGTH = 200;
/** Personal alerts a user may keep at once. */
export const ALERTS_PER_USER_MAX = 10;

/** What a digest holds, as a user typed it: a subscription's and a preview's alike. */
export interface DigestContentInput {
  topic?: string | null | undefined;
  max?: number | null | undefined;
}

/** A subscription's settings as a user typed them. */
export interface SubscriptionSettingsInput extends DigestContentInput {
  time: string;
  timezone: string;
}

export type DigestContent = Pick<Subscription, 'topic' | 'max'>;
export type SubscriptionSettings = Pick<Subscription, 'time' | 'timezone' | 'topic' | 'max'>;

/** One thing wrong with what a user typed, naming the field and quoting the input. */
export interface SettingsProblem {
  field: 'time' | 'timezone' | 'topic' | 'max';
  message: string;
}

export type SettingsCheck = { ok: true; settings: SubscriptionSettings } | { ok: false; problems: SettingsProblem[] };
export type ContentCheck = { ok: true; content: DigestContent } | { ok: false; problems: SettingsProblem[] };

/** Confirming a draft subscription: the new subscription, or why there is none. */
export type DraftResult =
  | { kind: 'subscribed'; subscription: Subscription }
  | { kind: 'expired' }
  | { kind: 'not-yours' }
  | { kind: 'unknown' }
  /** An alert draft whose user already has {@link ALERTS_PER_USER_MAX} alerts. */
  | { kind: 'too-many'; max: number };

/**
 * Checks and normalises a digest's topic (spaces collapsed) and size (default 5).
 * @example checkDigestContent({ topic: ' graph   pooling ' }) // { ok: true, content: { topic: 'graph pooling', max: 5 } }
 */
export function checkDigestContent(input: DigestContentInput): ContentCheck {
  const problems: SettingsProblem[] = [];
  const topic = (input.topic ?? '').trim().replace(/\s+/g, ' ');
  if (topic.length > TOPIC_MAX_LENGTH) {
    problems.push({ field: 'topic', message: `the topic has ${topic.length} characters; at most ${TOPIC_MAX_LENGTH}` });
  }
  // Filters in a topic (`diffusion venue:iclr -video`) are read as `ask` reads them; a malformed one is said now.
  for (const problem of parseFilters(topic).problems) {
    problems.push({ field: 'topic', message: problem });
  }
  const max = input.max ?? DIGEST_DEFAULT_PAPERS;
  if (!Number.isInteger(max) || max < 1 || max > DIGEST_MAX_PAPERS) {
    problems.push({ field: 'max', message: `${max} papers is not a whole number from 1 to ${DIGEST_MAX_PAPERS}` });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, content: { topic, max } };
}

/**
 * Checks and normalises what a user typed for a subscription: `9:05` becomes `09:05`, `europe/berlin`
 * becomes `Europe/Berlin`. Problems are values naming the field and quoting the input.
 * @example checkSubscriptionSettings({ time: '9:05', timezone: 'europe/berlin' })
 * // { ok: true, settings: { time: '09:05', timezone: 'Europe/Berlin', topic: '', max: 5 } }
 */
export function checkSubscriptionSettings(input: SubscriptionSettingsInput): SettingsCheck {
  const problems: SettingsProblem[] = [];
  const time = normalizeDailyTime(input.time);
  if (!time) problems.push({ field: 'time', message: `'${input.time}' is not a 24-hour time like 09:00 or 18:30` });
  const timezone = resolveTimeZone(input.timezone);
  if (!timezone) {
    problems.push({
      field: 'timezone',
      message: `'${input.timezone}' is not an IANA timezone like Europe/Berlin or UTC`,
    });
  }
  const content = checkDigestContent(input);
  if (!content.ok) problems.push(...content.problems);
  if (!content.ok || !time || !timezone) return { ok: false, problems };
  return { ok: true, settings: { time, timezone, ...content.content } };
}
