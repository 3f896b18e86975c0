export type DigestSendKind = 'scheduled' | 'manual';

/** One digest post: claimed by an owner until its lease expires, then sent with Discord's message id. */
export interface DigestSend {
  id: number;
  subscriptionId: number;
  /** `YYYY-MM-DD` in the subscription's timezone. */
  localDate: string;
  kind: DigestSendKind;
  state: 'claimed' | 'sent';
  /** Discord message nonce: the same for every attempt at this send, so a retried create returns the first message. */
  nonce: string;
  claimedBy: string;
  claimedAt: string;
  leaseExpiresAt: string;
  attempts: number;
  lastError: string | null;
  /** The message body as first planned; a retry after a crash posts exactly this. */
  payload: string | null;
  paperIds: string[] | null;
  /** Null on a `sent` row when nothing was posted that day (an alert with nothing new). */
  messageId: string | null;
  sentAt: string | null;
}

export interface ClaimRequest {
  subscriptionId: number;
  localDate: string;
  nonce: string;
  /** Who is claiming: unique per process (host, pid, random), so a restarted process is a new owner. */
  owner: string;
  now: Date;
  leaseMs: number;
}

/**
 * - `claimed`: this owner may post; `send.payload` is set when an earlier owner planned it and then died.
 * - `sent`: already posted (message id recorded).
 * - `held`: a lease (another owner's, or this owner's own earlier claim) is still running.
 */
export type ClaimResult =
  { kind: 'claimed'; send: DigestSend } | { kind: 'sent'; send: DigestSend } | { kind: 'held'; send: DigestSend };

/** Why a send was given up for good: the subscription is paused or disabled with this reason. */
export interface GiveUp {
  status: 'paused' | 'disabled';
  reason: string;
  now: Date;
}

/**
 * The exactly-once ledger of digest posts. Every method that changes state is one transaction in each
 * engine, so two processes (or machines) can never both win a claim.
 */
export interface DigestLedger {
  /**
   * Claims the scheduled send of a subscription for a local date. Atomic across processes and machines:
   * exactly one claimer sees the slot free (or the previous lease expired).
   */
  claimScheduled(request: ClaimRequest): Promise<ClaimResult>;
  /** Starts a manual post (`/digest now`): never blocked by, and never blocking, the day's scheduled one. */
  startManual(request: ClaimRequest): Promise<DigestSend>;
  /** Saves the planned message before it is posted, so a retry after a crash posts the same one. */
  savePlan(sendId: number, payload: string, paperIds: readonly string[]): Promise<void>;
  /**
   * Records the posted message and the papers it showed, in one transaction. Kept even if the lease ran out
   * meanwhile: the message exists either way.
   */
  markSent(send: Pick<DigestSend, 'id' | 'subscriptionId' | 'paperIds'>, messageId: string, now: Date): Promise<void>;
  /**
   * Records a claimed send as done with nothing posted (an alert's day with nothing new), so neither a
   * restart nor another process posts it later that day. It stays `sent` with no message id.
   */
  markEmpty(sendId: number, now: Date): Promise<void>;
  /** Keeps the claim but lets anyone (this owner included) retry after `until`. */
  postpone(sendId: number, owner: string, until: Date, error: string): Promise<void>;
  /** Drops an unsent claim (the channel is gone or unreachable), so a resumed subscription can post that day. */
  release(sendId: number, owner: string): Promise<void>;
  /** Drops an unsent claim and pauses or disables its subscription, in one transaction. */
  giveUp(send: Pick<DigestSend, 'id' | 'subscriptionId'>, owner: string, why: GiveUp): Promise<void>;
  get(sendId: number): Promise<DigestSend | undefined>;
  scheduledFor(subscriptionId: number, localDate: string): Promise<DigestSend | undefined>;
  /** The most recent sent digest of either kind, or undefined before the first. */
  lastSent(subscriptionId: number): Promise<DigestSend | undefined>;
  /** Every send of a subscription, newest first. */
  history(subscriptionId: number, limit?: number): Promise<DigestSend[]>;
}

/**
 * A `digest_sends` row as either engine returns it: `T` is how the engine hands out a time (SQLite: ISO
 * text; PostgreSQL: a `Date`), `P` how it hands out the papers shown (SQLite: JSON text; PostgreSQL: an array).
 */
export interface SendRow<T, P> {
  id: number;
  subscription_id: number;
  local_date: string;
  kind: DigestSendKind;
  state: 'claimed' | 'sent';
  nonce: string;
  claimed_by: string;
  claimed_at: T;
  lease_expires_at: T;
  attempts: number;
  last_error: string | null;
  payload: string | null;
  paper_ids: P | null;
  message_id: string | null;
  sent_at: T | null;
}

/** The send in a row, its times as ISO strings and its papers as ids (each engine says how to read its own). */
export function toSend<T, P>(
  row: SendRow<T, P>,
  read: { time: (value: T) => string; paperIds: (value: P) => string[] },
): DigestSend {
  return {
    id: row.id,
    subscriptionId: row.subscription_id,
    localDate: row.local_date,
    kind: row.kind,
    state: row.state,
    nonce: row.nonce,
    claimedBy: row.claimed_by,
    claimedAt: read.time(row.claimed_at),
    leaseExpiresAt: read.time(row.lease_expires_at),
    attempts: row.attempts,
    lastError: row.last_error,
    payload: row.payload,
    paperIds: row.paper_ids === null ? null : read.paperIds(row.paper_ids),
    messageId: row.message_id,
    sentAt: row.sent_at === null ? null : read.time(row.sent_at),
  };
}
