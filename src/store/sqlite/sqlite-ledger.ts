import type Database from 'better-sqlite3';
import {
  toSend as sendOf,
  type ClaimRequest,
  type ClaimResult,
  type DigestSend,
  type GiveUp,
  type SendRow as Row,
} from '../digest-ledger.js';

type SendRow = Row<string, string>;
const READ = { time: (at: string) => at, paperIds: (json: string) => JSON.parse(json) as string[] };
const toSend = (row: SendRow): DigestSend => sendOf(row, READ);

/** The exactly-once ledger of digest posts in SQLite. Every state change is one write transaction. */
export class SqliteLedger {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  /**
   * Claims the scheduled send of a subscription for a local date. Atomic across processes: the
   * immediate transaction takes SQLite's write lock before reading, so two claimers are serialized and
   * exactly one sees the slot free (or the previous lease expired).
   */
  claimScheduled(request: ClaimRequest): ClaimResult {
    const { subscriptionId, localDate, nonce, owner, now, leaseMs } = request;
    const at = now.toISOString();
    const until = new Date(now.getTime() + leaseMs).toISOString();
    return this.#db
      .transaction((): ClaimResult => {
        const existing = this.#db
          .prepare<[number, string], SendRow>(
            `SELECT * FROM digest_sends WHERE subscription_id = ? AND local_date = ? AND kind = 'scheduled'`,
          )
          .get(subscriptionId, localDate);
        if (!existing) {
          const row = this.#db
            .prepare<unknown[], SendRow>(
              `INSERT INTO digest_sends (subscription_id, local_date, kind, state, nonce, claimed_by, claimed_at, lease_expires_at)
               VALUES (?, ?, 'scheduled', 'claimed', ?, ?, ?, ?) RETURNING *`,
            )
            .get(subscriptionId, localDate, nonce, owner, at, until);
          return { kind: 'claimed', send: toSend(row!) };
        }
        if (existing.state === 'sent') return { kind: 'sent', send: toSend(existing) };
        // Held even against its own owner: a second run in the same process must not post while the first is.
        if (existing.lease_expires_at > at) return { kind: 'held', send: toSend(existing) };
        const row = this.#db
          .prepare<unknown[], SendRow>(
            `UPDATE digest_sends SET claimed_by = ?, claimed_at = ?, lease_expires_at = ?, attempts = attempts + 1
             WHERE id = ? RETURNING *`,
          )
          .get(owner, at, until, existing.id);
        return { kind: 'claimed', send: toSend(row!) };
      })
      .immediate();
  }

  /** Starts a manual post (`/digest now`): never blocked by, and never blocking, the day's scheduled one. */
  startManual(request: ClaimRequest): DigestSend {
    const { subscriptionId, localDate, nonce, owner, now, leaseMs } = request;
    const row = this.#db
      .prepare<unknown[], SendRow>(
        `INSERT INTO digest_sends (subscription_id, local_date, kind, state, nonce, claimed_by, claimed_at, lease_expires_at)
         VALUES (?, ?, 'manual', 'claimed', ?, ?, ?, ?) RETURNING *`,
      )
      .get(subscriptionId, localDate, nonce, owner, now.toISOString(), new Date(now.getTime() + leaseMs).toISOString());
    return toSend(row!);
  }

  /** Saves the planned message before it is posted, so a retry after a crash posts the same one. */
  savePlan(sendId: number, payload: string, paperIds: readonly string[]): void {
    this.#db
      .prepare(`UPDATE digest_sends SET payload = ?, paper_ids = ? WHERE id = ? AND state = 'claimed'`)
      .run(payload, JSON.stringify(paperIds), sendId);
  }

  /** Records the posted message and the papers it showed. Kept even if the lease ran out meanwhile. */
  markSent(send: Pick<DigestSend, 'id' | 'subscriptionId' | 'paperIds'>, messageId: string, now: Date): void {
    const at = now.toISOString();
    const shown = this.#db.prepare(
      `INSERT INTO shown_papers (subscription_id, paper_id, shown_at) VALUES (?, ?, ?)
       ON CONFLICT (subscription_id, paper_id) DO UPDATE SET shown_at = excluded.shown_at`,
    );
    this.#db
      .transaction(() => {
        this.#db
          .prepare(
            `UPDATE digest_sends SET state = 'sent', message_id = ?, sent_at = ?, last_error = NULL WHERE id = ?`,
          )
          .run(messageId, at, send.id);
        for (const id of send.paperIds ?? []) shown.run(send.subscriptionId, id, at);
      })
      .immediate();
  }

  /** Done with nothing posted: `sent` without a message id, so the day is never posted later. */
  markEmpty(sendId: number, now: Date): void {
    this.#db
      .prepare(
        `UPDATE digest_sends SET state = 'sent', message_id = NULL, sent_at = ?, last_error = NULL, paper_ids = '[]' WHERE id = ?`,
      )
      .run(now.toISOString(), sendId);
  }

  /** Keeps the claim but lets anyone (this owner included) retry after `until`. */
  postpone(sendId: number, owner: string, until: Date, error: string): void {
    this.#db
      .prepare(
        `UPDATE digest_sends SET lease_expires_at = ?, last_error = ? WHERE id = ? AND claimed_by = ? AND state = 'claimed'`,
      )
      .run(until.toISOString(), error, sendId, owner);
  }

  /** Drops an unsent claim (the channel is gone or unreachable), so a resumed subscription can post that day. */
  release(sendId: number, owner: string): void {
    this.#db
      .prepare(`DELETE FROM digest_sends WHERE id = ? AND claimed_by = ? AND state = 'claimed'`)
      .run(sendId, owner);
  }

  /** Drops an unsent claim and pauses or disables its subscription, in one transaction. */
  giveUp(send: Pick<DigestSend, 'id' | 'subscriptionId'>, owner: string, why: GiveUp): void {
    this.#db
      .transaction(() => {
        this.#db
          .prepare('UPDATE subscriptions SET status = ?, status_reason = ?, updated_at = ? WHERE id = ?')
          .run(why.status, why.reason, why.now.toISOString(), send.subscriptionId);
        this.release(send.id, owner);
      })
      .immediate();
  }

  get(sendId: number): DigestSend | undefined {
    const row = this.#db.prepare<[number], SendRow>('SELECT * FROM digest_sends WHERE id = ?').get(sendId);
    return row && toSend(row);
  }

  scheduledFor(subscriptionId: number, localDate: string): DigestSend | undefined {
    const row = this.#db
      .prepare<[number, string], SendRow>(
        `SELECT * FROM digest_sends WHERE subscription_id = ? AND local_date = ? AND kind = 'scheduled'`,
      )
      .get(subscriptionId, localDate);
    return row && toSend(row);
  }

  /** The most recent sent digest of either kind, or undefined before the first. */
  lastSent(subscriptionId: number): DigestSend | undefined {
    const row = this.#db
      .prepare<[number], SendRow>(
        `SELECT * FROM digest_sends WHERE subscription_id = ? AND state = 'sent' ORDER BY sent_at DESC, id DESC LIMIT 1`,
      )
      .get(subscriptionId);
    return row && toSend(row);
  }

  /** Every send of a subscription, newest first. */
  history(subscriptionId: number, limit = 30): DigestSend[] {
    return this.#db
      .prepare<[number, number], SendRow>(
        'SELECT * FROM digest_sends WHERE subscription_id = ? ORDER BY claimed_at DESC, id DESC LIMIT ?',
      )
      .all(subscriptionId, limit)
      .map(toSend);
  }
}
