import { randomBytes } from 'node:crypto';
import type pg from 'pg';
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
import type { SubscriptionStore } from '../subscription-store.js';
import { inTransaction, iso } from './pg-transaction.js';

type Row = SubscriptionRow<Date>;
type Draft = DraftRow<Date>;
const toSub = (row: Row): Subscription => toSubscription(row, iso);

const INSERT = `INSERT INTO subscriptions (guild_id, channel_id, time, timezone, topic, max_papers, created_by, created_at, updated_at, kind)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`;

/** Channel subscriptions in PostgreSQL. */
export class PgSubscriptions implements SubscriptionStore {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async add(input: NewSubscription, now: Date): Promise<Subscription> {
    const { rows } = await this.#pool.query<Row>(INSERT, subscriptionValues(input, now.toISOString()));
    return toSub(rows[0]!);
  }

  async get(id: number): Promise<Subscription | undefined> {
    const { rows } = await this.#pool.query<Row>('SELECT * FROM subscriptions WHERE id = $1', [id]);
    return rows[0] && toSub(rows[0]);
  }

  async listForGuild(guildId: string): Promise<Subscription[]> {
    const { rows } = await this.#pool.query<Row>(
      `SELECT * FROM subscriptions WHERE guild_id = $1 AND kind = 'digest' ORDER BY channel_id, time, id`,
      [guildId],
    );
    return rows.map(toSub);
  }

  async listActive(): Promise<Subscription[]> {
    const { rows } = await this.#pool.query<Row>(`SELECT * FROM subscriptions WHERE status = 'active' ORDER BY id`);
    return rows.map(toSub);
  }

  async setStatus(id: number, status: SubscriptionStatus, reason: string | null, now: Date): Promise<boolean> {
    const result = await this.#pool.query(
      'UPDATE subscriptions SET status = $1, status_reason = $2, updated_at = $3 WHERE id = $4',
      [status, status === 'active' ? null : reason, now.toISOString(), id],
    );
    return result.rowCount === 1;
  }

  async addDraft(input: NewSubscription, now: Date, ttlMs: number): Promise<string> {
    const token = randomBytes(9).toString('base64url');
    await inTransaction(this.#pool, async (client) => {
      await client.query('DELETE FROM subscription_drafts WHERE expires_at <= $1', [now.toISOString()]);
      await client.query(
        `INSERT INTO subscription_drafts (token, guild_id, channel_id, time, timezone, topic, max_papers, created_by, expires_at, kind)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        draftValues(token, input, new Date(now.getTime() + ttlMs).toISOString()),
      );
    });
    return token;
  }

  /** The draft's row is locked first, so of two clicks racing on two machines one subscribes, one finds nothing. */
  confirmDraft(token: string, userId: string, now: Date): Promise<DraftResult> {
    return inTransaction(this.#pool, async (client): Promise<DraftResult> => {
      const { rows } = await client.query<Draft>('SELECT * FROM subscription_drafts WHERE token = $1 FOR UPDATE', [
        token,
      ]);
      const draft = rows[0];
      if (!draft) return { kind: 'unknown' };
      if (draft.created_by !== userId) return { kind: 'not-yours' };
      await client.query('DELETE FROM subscription_drafts WHERE token = $1', [token]);
      if (draft.expires_at.getTime() <= now.getTime()) return { kind: 'expired' };
      if (draft.kind === 'alert') {
        // A per-user lock orders two confirmations racing (on two machines) for the last free alert.
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`alerts:${draft.created_by}`]);
        const count = await client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM subscriptions WHERE created_by = $1 AND kind = 'alert'`,
          [draft.created_by],
        );
        if ((count.rows[0]?.n ?? 0) >= ALERTS_PER_USER_MAX) return { kind: 'too-many', max: ALERTS_PER_USER_MAX };
      }
      const added = await client.query<Row>(INSERT, subscriptionValues(draftSubscription(draft), now.toISOString()));
      return { kind: 'subscribed', subscription: toSub(added.rows[0]!) };
    });
  }

  async discardDraft(token: string, userId: string): Promise<boolean> {
    const result = await this.#pool.query('DELETE FROM subscription_drafts WHERE token = $1 AND created_by = $2', [
      token,
      userId,
    ]);
    return result.rowCount === 1;
  }

  async remove(id: number, guildId: string): Promise<boolean> {
    const result = await this.#pool.query(
      `DELETE FROM subscriptions WHERE id = $1 AND guild_id = $2 AND kind = 'digest'`,
      [id, guildId],
    );
    return result.rowCount === 1;
  }

  async listForUser(userId: string): Promise<Subscription[]> {
    const { rows } = await this.#pool.query<Row>(
      `SELECT * FROM subscriptions WHERE created_by = $1 AND kind = 'alert' ORDER BY id`,
      [userId],
    );
    return rows.map(toSub);
  }

  async removeAlert(id: number, userId: string): Promise<boolean> {
    const result = await this.#pool.query(
      `DELETE FROM subscriptions WHERE id = $1 AND created_by = $2 AND kind = 'alert'`,
      [id, userId],
    );
    return result.rowCount === 1;
  }

  forgetUser(userId: string): Promise<number> {
    return inTransaction(this.#pool, async (client) => {
      await client.query(`DELETE FROM subscription_drafts WHERE created_by = $1 AND kind = 'alert'`, [userId]);
      const result = await client.query(`DELETE FROM subscriptions WHERE created_by = $1 AND kind = 'alert'`, [userId]);
      return result.rowCount ?? 0;
    });
  }
}
