// What guild managers do with daily digests, as named operations whose results are values: draft a
// subscription and confirm or cancel it, list, unsubscribe, preview, post now. Pure: the store and the
// job that posts come in as interfaces, the time as a clock; `/digest`, its buttons and any other surface
// render the results.
import type { DigestPlan, DigestPreview } from './digest.js';
import {
  checkDigestContent,
  checkSubscriptionSettings,
  type DigestContentInput,
  type DraftResult,
  type NewSubscription,
  type SettingsProblem,
  type Subscription,
  type SubscriptionSettings,
  type SubscriptionSettingsInput,
} from './subscription.js';

/** What the service needs of the subscriptions table; the store's `subscriptions` (either engine) is one. */
export interface SubscriptionRecords {
  get(id: number): Promise<Subscription | undefined>;
  listForGuild(guildId: string): Promise<Subscription[]>;
  addDraft(input: NewSubscription, now: Date, ttlMs: number): Promise<string>;
  /** Atomic: a draft becomes at most one subscription, however many clicks race. */
  confirmDraft(token: string, userId: string, now: Date): Promise<DraftResult>;
  discardDraft(token: string, userId: string): Promise<boolean>;
  remove(id: number, guildId: string): Promise<boolean>;
}

/** The part of the store the service reads and writes; the `Store` (SQLite or PostgreSQL) is one. */
export interface DigestServiceStore {
  readonly subscriptions: SubscriptionRecords;
  readonly ledger: { lastSent(subscriptionId: number): Promise<{ sentAt: string | null } | undefined> };
}

/** What happened to one subscription's post. */
export type SendOutcome =
  | { kind: 'posted'; subscriptionId: number; messageId: string; localDate: string; late: boolean }
  | { kind: 'already-sent' | 'held'; subscriptionId: number; localDate: string }
  /** An alert's day with nothing new: nothing was sent, and the day is done. */
  | { kind: 'nothing-new'; subscriptionId: number; localDate: string }
  | { kind: 'paused' | 'disabled'; subscriptionId: number; reason: string }
  | { kind: 'retry-later'; subscriptionId: number; error: string };

/** A post on request: a {@link SendOutcome}, or the subscription was gone by then. */
export type PostNowOutcome = SendOutcome | { kind: 'unknown-subscription'; subscriptionId: number };

/** Plans previews and posts on request; the digest job, which posts to the chat, is one. */
export interface DigestPoster {
  planPreview(preview: DigestPreview, now: Date): Promise<DigestPlan>;
  postNow(subscriptionId: number): Promise<PostNowOutcome>;
}

export interface DigestServiceDeps {
  store: DigestServiceStore;
  poster: DigestPoster;
  clock: () => Date;
  /** Called after a subscription is added or removed, so the scheduler re-plans its next wake-up. */
  changed?: (() => void) | undefined;
}

/**
 * How long a drafted subscription waits for its confirmation: as long as the Discord interaction token
 * behind the preview's buttons lives (15 min).
 */
export const DRAFT_TTL_MS = 15 * 60_000;
/** A preview shows what today's digest would hold: papers new in this window, else the archive. */
export const PREVIEW_WINDOW_MS = 86_400_000;

/** Who asks for a subscription, where, and the settings as typed. */
export interface DraftRequest extends SubscriptionSettingsInput {
  guildId: string;
  channelId: string;
  userId: string;
}

export type DraftOutcome =
  | { kind: 'invalid'; problems: SettingsProblem[] }
  | { kind: 'drafted'; token: string; settings: SubscriptionSettings; preview: DigestPlan };
export type CancelOutcome = { kind: 'cancelled' } | { kind: 'not-found' };
export type UnsubscribeOutcome = { kind: 'unsubscribed'; subscription: Subscription } | { kind: 'not-found' };
export type PreviewOutcome = { kind: 'invalid'; problems: SettingsProblem[] } | { kind: 'preview'; plan: DigestPlan };
export type PostOnRequestOutcome =
  { kind: 'not-found' } | { kind: 'attempted'; subscription: Subscription; outcome: PostNowOutcome };

/** One subscription of a guild, with the time of its last post (null before the first). */
export interface GuildDigest {
  subscription: Subscription;
  lastPostedAt: string | null;
}

/**
 * The id a user typed or picked for a subscription: `12` or `#12`.
 * @example parseSubscriptionRef(' #12 ') // 12
 */
export function parseSubscriptionRef(ref: string): number | undefined {
  const digits = ref.trim().replace(/^#/, '');
  return /^\d{1,15}$/.test(digits) ? Number(digits) : undefined;
}

/**
 * Daily digests as a guild manages them. Every operation is scoped to the guild asking: another guild's
 * subscription is `not-found`, never touched.
 * @example await new DigestService({ store, poster: job, clock: () => new Date() }).list('123')
 */
export class DigestService {
  readonly #deps: DigestServiceDeps;

  constructor(deps: DigestServiceDeps) {
    this.#deps = deps;
  }

  /**
   * Checks the settings and keeps them as a draft until {@link confirm} (or {@link DRAFT_TTL_MS}); nothing
   * is subscribed yet. The preview is what today's digest would have held.
   */
  async draft(request: DraftRequest): Promise<DraftOutcome> {
    const check = checkSubscriptionSettings(request);
    if (!check.ok) return { kind: 'invalid', problems: check.problems };
    const { settings } = check;
    const now = this.#deps.clock();
    const preview = await this.#planPreview(settings, now);
    const token = await this.#deps.store.subscriptions.addDraft(
      { ...settings, guildId: request.guildId, channelId: request.channelId, createdBy: request.userId },
      now,
      DRAFT_TTL_MS,
    );
    return { kind: 'drafted', token, settings, preview };
  }

  /** Turns a draft into a subscription, once, for the user who drafted it, before it expires. */
  async confirm(token: string, userId: string): Promise<DraftResult> {
    const result = await this.#deps.store.subscriptions.confirmDraft(token, userId, this.#deps.clock());
    if (result.kind === 'subscribed') this.#deps.changed?.();
    return result;
  }

  /** Drops a draft; only its author can. */
  async cancel(token: string, userId: string): Promise<CancelOutcome> {
    return (await this.#deps.store.subscriptions.discardDraft(token, userId))
      ? { kind: 'cancelled' }
      : { kind: 'not-found' };
  }

  /** The guild's subscriptions, by channel then time, each with its last post. */
  async list(guildId: string): Promise<GuildDigest[]> {
    const subscriptions = await this.#deps.store.subscriptions.listForGuild(guildId);
    return Promise.all(
      subscriptions.map(async (subscription) => ({
        subscription,
        lastPostedAt: (await this.#deps.store.ledger.lastSent(subscription.id))?.sentAt ?? null,
      })),
    );
  }

  /** Removes a subscription of this guild named by `ref` (`12` or `#12`), with its history. */
  async unsubscribe(guildId: string, ref: string): Promise<UnsubscribeOutcome> {
    const subscription = await this.#find(guildId, ref);
    if (!subscription || !(await this.#deps.store.subscriptions.remove(subscription.id, guildId))) {
      return { kind: 'not-found' };
    }
    this.#deps.changed?.();
    return { kind: 'unsubscribed', subscription };
  }

  /** What a digest on a topic would hold today; nothing is saved. */
  async preview(content: DigestContentInput): Promise<PreviewOutcome> {
    const check = checkDigestContent(content);
    if (!check.ok) return { kind: 'invalid', problems: check.problems };
    return { kind: 'preview', plan: await this.#planPreview(check.content, this.#deps.clock()) };
  }

  /** Posts a subscription of this guild named by `ref` right away; a paused one that posts is active again. */
  async postNow(guildId: string, ref: string): Promise<PostOnRequestOutcome> {
    const subscription = await this.#find(guildId, ref);
    if (!subscription) return { kind: 'not-found' };
    return { kind: 'attempted', subscription, outcome: await this.#deps.poster.postNow(subscription.id) };
  }

  async #find(guildId: string, ref: string): Promise<Subscription | undefined> {
    const id = parseSubscriptionRef(ref);
    const subscription = id === undefined ? undefined : await this.#deps.store.subscriptions.get(id);
    // A member's alert lives in the same table; guild digest operations never see it.
    return subscription?.guildId === guildId && subscription.kind === 'digest' ? subscription : undefined;
  }

  #planPreview(content: { topic: string; max: number }, now: Date): Promise<DigestPlan> {
    const since = new Date(now.getTime() - PREVIEW_WINDOW_MS).toISOString();
    return this.#deps.poster.planPreview({ topic: content.topic, max: content.max, since }, now);
  }
}
