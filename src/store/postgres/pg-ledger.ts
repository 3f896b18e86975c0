import type pg from 'pg';
import {
  toSend as sendOf,
  type ClaimRequest,
  type ClaimResult,
  type DigestLedger,
  type DigestSend,
  type GiveUp,
  type SendRow as Row,
} from '../digest-ledger.js';
import { inTransaction, iso } from './pg-transaction.js';

type SendRow = Row<Date, string[]>;
const READ = { time: iso, paperIds: (ids: string[]) => ids };
const toSend = (row: SendRow): DigestSend => sendOf(row, READ);

const INSERT_SEND = `INSERT INTO digest_sends (subscription_id, local_date, kind, state, nonce, claimed_by, claimed_at, lease_expires_at)
  VALUES ($1, $2, $3, 'claimed', $4, $5, $6, $7)`;

/** The exactly-once ledger of digest posts in PostgreSQL, shared by every machine. */
export class PgLedger implements DigestLedger {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  /**
   * One transaction: insert the day's row unless it exists (the unique index decides between machines
   * inserting at once; the loser waits for the winner's commit), else lock it (`FOR UPDATE`) and take it
   * over only if unsent and its lease has run out.
   */
  claimScheduled(request: ClaimRequest): Promise<ClaimResult> {
    const { subscriptionId, localDate, nonce, owner, now, leaseMs } = request;
    const at = now.toISOString();
    const until = new Date(now.getTime() + leaseMs).toISOString();
    return inTransaction(this.#pool, async (client): Promise<ClaimResult> => {
      const inserted = await client.query<SendRow>(
        `${INSERT_SEND} ON CONFLICT (subscription_id, local_date) WHERE kind = 'scheduled' DO NOTHING RETURNING *`,
        [subscriptionId, localDate, 'scheduled', nonce, owner, at, until],
      );
      if (inserted.rows[0]) return { kind: 'claimed', send: toSend(inserted.rows[0]) };
      const { rows } = await client.query<SendRow>(
        `SELECT * FROM digest_sends WHERE subscription_id = $1 AND local_date = $2 AND kind = 'scheduled' FOR UPDATE`,
        [subscriptionId, localDate],
      );
      const existing = rows[0]!;
      if (existing.state === 'sent') return { kind: 'sent', send: toSend(existing) };
      // Held even against its own owner: a second run in the same process must not post while the first is.
      if (existing.lease_expires_at.getTime() > now.getTime()) return { kind: 'held', send: toSend(existing) };
      const taken = await client.query<SendRow>(
        `UPDATE digest_sends SET claimed_by = $1, claimed_at = $2, lease_expires_at = $3, attempts = attempts + 1
         WHERE id = $4 RETURNING *`,
        [owner, at, until, existing.id],
      );
      return { kind: 'claimed', send: toSend(taken.rows[0]!) };
    });
  }

  async startManual(request: ClaimRequest): Promise<DigestSend> {
    const { subscriptionId, localDate, nonce, owner, now, leaseMs } = request;
    const { rows } = await this.#pool.query<SendRow>(`${INSERT_SEND} RETURNING *`, [
      subscriptionId,
      localDate,
      'manual',
      nonce,
      owner,
      now.toISOString(),
      new Date(now.getTime() + leaseMs).toISOString(),
    ]);
    return toSend(rows[0]!);
  }

  async savePlan(sendId: number, payload: string, paperIds: readonly string[]): Promise<void> {
    await this.#pool.query(`UPDATE digest_sends SET payload = $1, paper_ids = $2 WHERE id = $3 AND state = 'claimed'`, [
      payload,
      JSON.stringify(paperIds),
      sendId,
    ]);
  }

  markSent(send: Pick<DigestSend, 'id' | 'subscriptionId' | 'paperIds'>, messageId: string, now: Date): Promise<void> {
    const at = now.toISOString();
    return inTransaction(this.#pool, async (client) => {
      await client.query(
        `UPDATE digest_sends SET state = 'sent', message_id = $1, sent_at = $2, last_error = NULL WHERE id = $3`,
        [messageId, at, send.id],
      );
      if ((send.paperIds ?? []).length === 0) return;
      await client.query(
        `INSERT INTO shown_papers (subscription_id, paper_id, shown_at)
         SELECT $1, id, $3 FROM unnest($2::text[]) AS id
         ON CONFLICT (subscription_id, paper_id) DO UPDATE SET shown_at = excluded.shown_at`,
        [send.subscriptionId, [...new Set(send.paperIds)], at],
      );
    });
  }

  async markEmpty(sendId: number, now: Date): Promise<void> {
    await this.#pool.query(
      `UPDATE digest_sends SET state = 'sent', message_id = NULL, sent_at = $1, last_error = NULL, paper_ids = '[]'::jsonb WHERE id = $2`,
      [now.toISOString(), sendId],
    );
  }

  async postpone(sendId: number, owner: string, until: Date, error: string): Promise<void> {
    await this.#pool.query(
      `UPDATE digest_sends SET lease_expires_at = $1, last_error = $2 WHERE id = $3 AND claimed_by = $4 AND state = 'claimed'`,
      [until.toISOString(), error, sendId, owner],
    );
  }

  async release(sendId: number, owner: string): Promise<void> {
    await this.#pool.query(`DELETE FROM digest_sends WHERE id = $1 AND claimed_by = $2 AND state = 'claimed'`, [
      sendId,
      owner,
    ]);
  }

  giveUp(send: Pick<DigestSend, 'id' | 'subscriptionId'>, owner: string, why: GiveUp): Promise<void> {
    return inTransaction(this.#pool, async (client) => {
      await client.query('UPDATE subscriptions SET status = $1, status_reason = $2, updated_at = $3 WHERE id = $4', [
        why.status,
        why.reason,
        why.now.toISOString(),
        send.subscriptionId,
      ]);
      await client.query(`DELETE FROM digest_sends WHERE id = $1 AND claimed_by = $2 AND state = 'claimed'`, [
        send.id,
        owner,
      ]);
    });
  }

  async get(sendId: number): Promise<DigestSend | undefined> {
    const { rows } = await this.#pool.query<SendRow>('SELECT * FROM digest_sends WHERE id = $1', [sendId]);
    return rows[0] && toSend(rows[0]);
  }

  async scheduledFor(subscriptionId: number, localDate: string): Promise<DigestSend | undefined> {
    const { rows } = await this.#pool.query<SendRow>(
      `SELECT * FROM digest_sends WHERE subscription_id = $1 AND local_date = $2 AND kind = 'scheduled'`,
      [subscriptionId, localDate],
    );
    return rows[0] && toSend(rows[0]);
  }

  async lastSent(subscriptionId: number): Promise<DigestSend | undefined> {
    const { rows } = await this.#pool.query<SendRow>(
      `SELECT * FROM digest_sends WHERE subscription_id = $1 AND state = 'sent' ORDER BY sent_at DESC, id DESC LIMIT 1`,
      [subscriptionId],
    );
    return rows[0] && toSend(rows[0]);
  }

  async history(subscriptionId: number, limit = 30): Promise<DigestSend[]> {
    const { rows } = await this.#pool.query<SendRow>(
      'SELECT * FROM digest_sends WHERE subscription_id = $1 ORDER BY claimed_at DESC, id DESC LIMIT $2',
      [subscriptionId, limit],
    );
    return rows.map(toSend);
  }
}
