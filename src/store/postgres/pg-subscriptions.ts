import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { DraftResult, NewSubscription, Subscription, SubscriptionStatus } from '../../core/digest/subscription.js';
import type { SubscriptionStore } from '../subscription-store.js';
import { inTransaction, iso } from './pg-transaction.js';

interface SubscriptionRow {
  id: number;
  guild_id: string;
  channel_id: string;
  time: string;
  timezone: string;
  topic: string;
  max_papers: number;
  status: SubscriptionStatus;
  status_reason: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

interface DraftRow {
  token: string;
  guild_id: string;
  channel_id: string;
  time: string;
  timezone: string;
  topic: string;
  max_papers: number;
  created_by: string;
  expires_at: Date;
}

function toSubscription(row: SubscriptionRow): Subscription {
  return {
    id: row.id,
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

const INSERT = `INSERT INTO subscriptions (guild_id, channel_id, time, timezone, topic, max_papers, created_by, created_at, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING *`;

function insertValues(input: NewSubscription, at: string): unknown[] {
  return [input.guildId, input.channelId, input.time, input.timezone, input.topic, input.max, input.createdBy, at];
}

/** Channel subscriptions in PostgreSQL. */
export class PgSubscriptions implements SubscriptionStore {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async add(input: NewSubscription, now: Date): Promise<Subscription> {
    const { rows } = await this.#pool.query<SubscriptionRow>(INSERT, insertValues(input, now.toISOString()));
    return toSubscription(rows[0]!);
  }

  async get(id: number): Promise<Subscription | undefined> {
    const { rows } = await this.#pool.query<SubscriptionRow>('SELECT * FROM subscriptions WHERE id = $1', [id]);
    return rows[0] && toSubscription(rows[0]);
  }

  async listForGuild(guildId: string): Promise<Subscription[]> {
    const { rows } = await this.#pool.query<SubscriptionRow>(
      'SELECT * FROM subscriptions WHERE guild_id = $1 ORDER BY channel_id, time, id',
      [guildId],
    );
    return rows.map(toSubscription);
  }

  async listActive(): Promise<Subscription[]> {
    const { rows } = await this.#pool.query<SubscriptionRow>(
      `SELECT * FROM subscriptions WHERE status = 'active' ORDER BY id`,
    );
    return rows.map(toSubscription);
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
        `INSERT INTO subscription_drafts (token, guild_id, channel_id, time, timezone, topic, max_papers, created_by, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          token,
          input.guildId,
          input.channelId,
          input.time,
          input.timezone,
          input.topic,
          input.max,
          input.createdBy,
          new Date(now.getTime() + ttlMs).toISOString(),
        ],
      );
    });
    return token;
  }

  /** The draft's row is locked first, so of two clicks racing on two machines one subscribes, one finds nothing. */
  confirmDraft(token: string, userId: string, now: Date): Promise<DraftResult> {
    return inTransaction(this.#pool, async (client): Promise<DraftResult> => {
      const { rows } = await client.query<DraftRow>('SELECT * FROM subscription_drafts WHERE token = $1 FOR UPDATE', [
        token,
      ]);
      const draft = rows[0];
      if (!draft) return { kind: 'unknown' };
      if (draft.created_by !== userId) return { kind: 'not-yours' };
      await client.query('DELETE FROM subscription_drafts WHERE token = $1', [token]);
      if (draft.expires_at.getTime() <= now.getTime()) return { kind: 'expired' };
      const input: NewSubscription = {
        guildId: draft.guild_id,
        channelId: draft.channel_id,
        time: draft.time,
        timezone: draft.timezone,
        topic: draft.topic,
        max: draft.max_papers,
        createdBy: draft.created_by,
      };
      const added = await client.query<SubscriptionRow>(INSERT, insertValues(input, now.toISOString()));
      return { kind: 'subscribed', subscription: toSubscription(added.rows[0]!) };
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
    const result = await this.#pool.query('DELETE FROM subscriptions WHERE id = $1 AND guild_id = $2', [id, guildId]);
    return result.rowCount === 1;
  }
}
