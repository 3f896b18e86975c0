// What a user does with personal alerts, as named operations whose results are values: draft an alert
// and confirm or cancel it, list, remove, pause, resume. An alert is a subscription of kind 'alert' in the
// user's DM channel, so it is posted, claimed and recorded exactly as a digest is. Pure: the store and the
// preview planner come in as interfaces, the time as a clock.
import type { DigestPlan } from '../digest/digest.js';
import { DRAFT_TTL_MS, parseSubscriptionRef, PREVIEW_WINDOW_MS, type DigestPoster } from '../digest/digest-service.js';
import {
  ALERTS_PER_USER_MAX,
  checkSubscriptionSettings,
  DIGEST_MAX_PAPERS,
  type DraftResult,
  type NewSubscription,
  type SettingsProblem,
  type Subscription,
  type SubscriptionSettings,
  type SubscriptionStatus,
} from '../digest/subscription.js';

/** What the alert service needs of the store; either engine's `Store` is one. */
export interface AlertServiceStore {
  readonly subscriptions: {
    listForUser(userId: string): Promise<Subscription[]>;
    addDraft(input: NewSubscription, now: Date, ttlMs: number): Promise<string>;
    confirmDraft(token: string, userId: string, now: Date): Promise<DraftResult>;
    discardDraft(token: string, userId: string): Promise<boolean>;
    removeAlert(id: number, userId: string): Promise<boolean>;
    setStatus(id: number, status: SubscriptionStatus, reason: string | null, now: Date): Promise<boolean>;
  };
  readonly ledger: { lastSent(subscriptionId: number): Promise<{ sentAt: string | null } | undefined> };
  readonly users: {
    timezone(userId: string): Promise<string | undefined>;
    setTimezone(userId: string, timezone: string, now: Date): Promise<void>;
    takeNotice(userId: string): Promise<string | undefined>;
  };
}

export interface AlertServiceDeps {
  store: AlertServiceStore;
  poster: Pick<DigestPoster, 'planPreview'>;
  clock: () => Date;
  /** Called after an alert is added, removed, paused or resumed, so the scheduler re-plans. */
  changed?: (() => void) | undefined;
}

/** The local time an alert comes at when `/alert add` names none. */
export const ALERT_DEFAULT_TIME = '08:00';

/** Who asks for an alert, from which server, where it goes (their DM channel), and what they typed. */
export interface AlertRequest {
  userId: string;
  guildId: string;
  /** The user's DM channel with the bot. */
  channelId: string;
  topic: string;
  time?: string | undefined;
  timezone?: string | undefined;
}

export type AlertDraftOutcome =
  | { kind: 'invalid'; problems: SettingsProblem[] }
  /** No time zone given and none remembered: the user is asked for one, once. */
  | { kind: 'needs-timezone' }
  | { kind: 'too-many'; max: number }
  | { kind: 'drafted'; token: string; settings: SubscriptionSettings; preview: DigestPlan };

/** One alert of a user, with the time of its last DM (or its last day checked) — null before the first. */
export interface UserAlert {
  alert: Subscription;
  lastCheckedAt: string | null;
}

export type AlertChangeOutcome = { kind: 'done'; alert: Subscription } | { kind: 'not-found' };

/**
 * Personal alerts as a user manages them. Every operation is scoped to the user asking: another user's
 * alert is `not-found`, never touched.
 * @example await new AlertService({ store, poster: job, clock: () => new Date() }).list('42')
 */
export class AlertService {
  readonly #deps: AlertServiceDeps;

  constructor(deps: AlertServiceDeps) {
    this.#deps = deps;
  }

  /**
   * Checks the request and keeps it as a draft until {@link confirm}. A time zone given is remembered for
   * the user's later alerts; without one the remembered one is used.
   */
  async draft(request: AlertRequest): Promise<AlertDraftOutcome> {
    const { store, clock } = this.#deps;
    const given = request.timezone?.trim() || undefined;
    const timezone = given ?? (await store.users.timezone(request.userId));
    if (timezone === undefined) return { kind: 'needs-timezone' };
    const check = checkSubscriptionSettings({
      time: request.time?.trim() || ALERT_DEFAULT_TIME,
      timezone,
      topic: request.topic,
      max: DIGEST_MAX_PAPERS,
    });
    if (!check.ok) return { kind: 'invalid', problems: check.problems };
    if (check.settings.topic === '') {
      return { kind: 'invalid', problems: [{ field: 'topic', message: 'an alert needs a topic' }] };
    }
    if ((await store.subscriptions.listForUser(request.userId)).length >= ALERTS_PER_USER_MAX) {
      return { kind: 'too-many', max: ALERTS_PER_USER_MAX };
    }
    const now = clock();
    if (given !== undefined) await store.users.setTimezone(request.userId, check.settings.timezone, now);
    const since = new Date(now.getTime() - PREVIEW_WINDOW_MS).toISOString();
    const preview = await this.#deps.poster.planPreview(
      { topic: check.settings.topic, max: check.settings.max, since },
      now,
    );
    const token = await store.subscriptions.addDraft(
      {
        ...check.settings,
        guildId: request.guildId,
        channelId: request.channelId,
        createdBy: request.userId,
        kind: 'alert',
      },
      now,
      DRAFT_TTL_MS,
    );
    return { kind: 'drafted', token, settings: check.settings, preview };
  }

  /** Turns a draft into an alert, once, for its user, before it expires, while they have fewer than 10. */
  async confirm(token: string, userId: string): Promise<DraftResult> {
    const result = await this.#deps.store.subscriptions.confirmDraft(token, userId, this.#deps.clock());
    if (result.kind === 'subscribed') this.#deps.changed?.();
    return result;
  }

  async cancel(token: string, userId: string): Promise<void> {
    await this.#deps.store.subscriptions.discardDraft(token, userId);
  }

  /** The user's alerts, oldest first, each with its last DM or checked day. */
  async list(userId: string): Promise<UserAlert[]> {
    const alerts = await this.#deps.store.subscriptions.listForUser(userId);
    return Promise.all(
      alerts.map(async (alert) => ({
        alert,
        lastCheckedAt: (await this.#deps.store.ledger.lastSent(alert.id))?.sentAt ?? null,
      })),
    );
  }

  /** Removes one of the user's alerts named by `ref` (`3` or `#3`). */
  async remove(userId: string, ref: string): Promise<AlertChangeOutcome> {
    const alert = await this.#find(userId, ref);
    if (!alert || !(await this.#deps.store.subscriptions.removeAlert(alert.id, userId))) return { kind: 'not-found' };
    this.#deps.changed?.();
    return { kind: 'done', alert };
  }

  /** Pauses (`paused`, reason: by the user) or resumes (`active`) one of the user's alerts. */
  async setPaused(userId: string, ref: string, paused: boolean): Promise<AlertChangeOutcome> {
    const alert = await this.#find(userId, ref);
    if (!alert) return { kind: 'not-found' };
    const status: SubscriptionStatus = paused ? 'paused' : 'active';
    await this.#deps.store.subscriptions.setStatus(
      alert.id,
      status,
      paused ? 'paused by you' : null,
      this.#deps.clock(),
    );
    this.#deps.changed?.();
    return { kind: 'done', alert: { ...alert, status, statusReason: paused ? 'paused by you' : null } };
  }

  /** A notice waiting for the user (an alert paused while they were away), given once. */
  takeNotice(userId: string): Promise<string | undefined> {
    return this.#deps.store.users.takeNotice(userId);
  }

  async #find(userId: string, ref: string): Promise<Subscription | undefined> {
    const id = parseSubscriptionRef(ref);
    if (id === undefined) return undefined;
    return (await this.#deps.store.subscriptions.listForUser(userId)).find((a) => a.id === id);
  }
}
