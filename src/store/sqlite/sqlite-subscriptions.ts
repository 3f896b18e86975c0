import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import {
  ALERTS_PER_USER_MAX,
  type DraftResult,
  type NewSubscription,
  type Subscription,
  type SubscriptionStatus,
} from '../../core/digest/subscription.js';
import {
  draftSubscription,
  draftValues,
  subscriptionValues,
  toSubscription,
  type DraftRow,
  type SubscriptionRow,
} from '../subscription-rows.js';

type Row = SubscriptionRow<string>;
type Draft = DraftRow<string>;
const asIs = (time: string): string => time;
const toSub = (row: Row): Subscription => toSubscription(row, asIs);

/** Channel subscriptions: who gets a digest, when, about what, and whether it is paused. */
export class SqliteSubscriptions {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  add(input: NewSubscription, now: Date): Subscription {
    const at = now.toISOString();
    const row = this.#db
      .prepare<unknown[], Row>(
        `INSERT INTO subscriptions (guild_id, channel_id, time, timezone, topic, max_papers, created_by, created_at, updated_at, kind)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      )
      .get(...subscriptionValues(input, at));
    return toSub(row!);
  }

  get(id: number): Subscription | undefined {
    const row = this.#db.prepare<[number], Row>('SELECT * FROM subscriptions WHERE id = ?').get(id);
    return row && toSub(row);
  }

  /** Every digest subscription of a guild (never a member's alert), by channel then time. */
  listForGuild(guildId: string): Subscription[] {
    return this.#db
      .prepare<[string], Row>(
        `SELECT * FROM subscriptions WHERE guild_id = ? AND kind = 'digest' ORDER BY channel_id, time, id`,
      )
      .all(guildId)
      .map(toSub);
  }

  listActive(): Subscription[] {
    return this.#db
      .prepare<[], Row>(`SELECT * FROM subscriptions WHERE status = 'active' ORDER BY id`)
      .all()
      .map(toSub);
  }

  /** Pauses or disables with a reason, or reactivates (reason cleared). Returns false when the id is unknown. */
  setStatus(id: number, status: SubscriptionStatus, reason: string | null, now: Date): boolean {
    const result = this.#db
      .prepare('UPDATE subscriptions SET status = ?, status_reason = ?, updated_at = ? WHERE id = ?')
      .run(status, status === 'active' ? null : reason, now.toISOString(), id);
    return result.changes === 1;
  }

  /**
   * Keeps settings until the user confirms them (or `ttlMs` passes) and returns the token that names
   * them; expired drafts are swept on the way.
   */
  addDraft(input: NewSubscription, now: Date, ttlMs: number): string {
    const token = randomBytes(9).toString('base64url');
    const at = now.toISOString();
    this.#db.transaction(() => {
      this.#db.prepare('DELETE FROM subscription_drafts WHERE expires_at <= ?').run(at);
      this.#db
        .prepare(
          `INSERT INTO subscription_drafts (token, guild_id, channel_id, time, timezone, topic, max_papers, created_by, expires_at, kind)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(...draftValues(token, input, new Date(now.getTime() + ttlMs).toISOString()));
    })();
    return token;
  }

  /** Turns a draft into a subscription, once: only for the user who made it, only before it expires. */
  confirmDraft(token: string, userId: string, now: Date): DraftResult {
    return this.#db
      .transaction((): DraftResult => {
        const draft = this.#db.prepare<[string], Draft>('SELECT * FROM subscription_drafts WHERE token = ?').get(token);
        if (!draft) return { kind: 'unknown' };
        if (draft.created_by !== userId) return { kind: 'not-yours' };
        this.#db.prepare('DELETE FROM subscription_drafts WHERE token = ?').run(token);
        if (draft.expires_at <= now.toISOString()) return { kind: 'expired' };
        if (draft.kind === 'alert' && this.listForUser(draft.created_by).length >= ALERTS_PER_USER_MAX) {
          return { kind: 'too-many', max: ALERTS_PER_USER_MAX };
        }
        const subscription = this.add(draftSubscription(draft), now);
        return { kind: 'subscribed', subscription };
      })
      .immediate();
  }

  /** Drops a draft (Cancel). Returns false when there was none for this user. */
  discardDraft(token: string, userId: string): boolean {
    return (
      this.#db.prepare('DELETE FROM subscription_drafts WHERE token = ? AND created_by = ?').run(token, userId)
        .changes === 1
    );
  }

  /** Removes a digest subscription and its history; scoped to a guild so one guild cannot remove another's. */
  remove(id: number, guildId: string): boolean {
    return (
      this.#db.prepare(`DELETE FROM subscriptions WHERE id = ? AND guild_id = ? AND kind = 'digest'`).run(id, guildId)
        .changes === 1
    );
  }

  /** A user's personal alerts, oldest first. */
  listForUser(userId: string): Subscription[] {
    return this.#db
      .prepare<[string], Row>(`SELECT * FROM subscriptions WHERE created_by = ? AND kind = 'alert' ORDER BY id`)
      .all(userId)
      .map(toSub);
  }

  /** Removes one of a user's alerts with its history; another user's is never touched. */
  removeAlert(id: number, userId: string): boolean {
    return (
      this.#db.prepare(`DELETE FROM subscriptions WHERE id = ? AND created_by = ? AND kind = 'alert'`).run(id, userId)
        .changes === 1
    );
  }

  /** Removes every alert of a user (and their drafts); how many alerts there were. */
  forgetUser(userId: string): number {
    return this.#db
      .transaction(() => {
        this.#db.prepare(`DELETE FROM subscription_drafts WHERE created_by = ? AND kind = 'alert'`).run(userId);
        return this.#db.prepare(`DELETE FROM subscriptions WHERE created_by = ? AND kind = 'alert'`).run(userId)
          .changes;
      })
      .immediate();
  }
}
