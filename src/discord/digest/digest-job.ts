// Posts each subscription's digest once per local day. Everything it touches comes in as an argument —
// the store, the clock, the corpus and one `postMessage` function — so tests drive it with fake time and
// a fake Discord, and it knows nothing of the bot beyond that function.
import type { RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import { planDigest, planPreview, type DigestPlan, type DigestPreview } from '../../core/digest/digest.js';
import type { DigestPoster, PostNowOutcome, SendOutcome } from '../../core/digest/digest-service.js';
import type { LateSlot } from '../../core/digest/digest-notes.js';
import { decideSlot, localDateOf, nextSlot } from '../../core/digest/schedule.js';
import type { Subscription } from '../../core/digest/subscription.js';
import { gatherDigestInput, gatherPreviewInput, type DigestCorpus } from '../../store/digest-input.js';
import type { DigestSend } from '../../store/digest-ledger.js';
import type { Store } from '../../store/store.js';
import { renderDigestMessage, type DigestMessage } from '../format/format-digest.js';

/** What Discord answered to a message create: the message, or the error's HTTP status and JSON code. */
export type PostResult =
  | { ok: true; messageId: string }
  | { ok: false; status: number; code: number | null; message: string; retryAfterMs?: number | undefined };

/** `POST /channels/{channelId}/messages`, built in the composition root from discord.js REST. */
export type PostMessage = (channelId: string, body: RESTPostAPIChannelMessageJSONBody) => Promise<PostResult>;

/**
 * Whether a user is still a member of a guild (`GET /guilds/{guild}/members/{user}`): `left` on Discord's
 * 10007 Unknown Member, `unknown` when Discord could not say (worth another try).
 */
export type MemberCheck = (guildId: string, userId: string) => Promise<'member' | 'left' | 'unknown'>;

/** The part of a pino logger the job uses. */
export interface JobLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface DigestJobOptions {
  /** Posts in flight at once: enough that one slow channel never holds up the rest, few enough for rate limits. */
  concurrency: number;
  /** How long a claim keeps other processes off a send. Longer than one post with its retries. */
  leaseMs: number;
  /** Attempts per post for 5xx, 429 and network errors, with exponential backoff from `backoffMs`. */
  attempts: number;
  backoffMs: number;
  /** After the attempts run out, the claim is released to anyone after this long (same nonce). */
  retryLaterMs: number;
}

export const DIGEST_JOB_OPTIONS: DigestJobOptions = {
  concurrency: 4,
  leaseMs: 2 * 60_000,
  attempts: 3,
  backoffMs: 1_000,
  retryLaterMs: 10 * 60_000,
};

export interface DigestJobDeps {
  store: Store;
  postMessage: PostMessage;
  /** The corpus as it is now (it may be reloaded between runs). */
  corpus: () => DigestCorpus;
  clock: () => Date;
  logger: JobLogger;
  /** Unique per process: a restarted process is a new owner and waits out the old lease. */
  owner: string;
  sleep?: (ms: number) => Promise<void>;
  options?: Partial<DigestJobOptions>;
  /** Checked before an alert's DM; without it every alert's user counts as a member. */
  memberOf?: MemberCheck;
}

const MISSING_ACCESS = new Set([50001, 50013]);
const UNKNOWN_CHANNEL = 10003;
const CANNOT_DM = 50007;

/** What the user hears, once, the next time they talk to the bot after Discord refused an alert's DM. */
export function closedDmNotice(sub: Pick<Subscription, 'id' | 'topic'>): string {
  return (
    `Your alert #${sub.id} (“${sub.topic}”) is paused: Discord did not let Paperboy send you a DM ` +
    '(your DMs from server members are closed). Open them, then use `/alert resume` to get it again.'
  );
}

/**
 * Deterministic per subscription and local day, so a retried create — by this process after a crash, or
 * by another — carries the same nonce and Discord returns the first message. At most 25 characters.
 * @example scheduledNonce(12, '2025-03-01') // 'd12-20250301'
 */
export function scheduledNonce(subscriptionId: number, localDate: string): string {
  return `d${subscriptionId}-${localDate.replaceAll('-', '')}`;
}

function manualNonce(subscriptionId: number, now: Date): string {
  return `m${subscriptionId}-${now.getTime().toString(36)}`;
}

function describeFailure(result: Extract<PostResult, { ok: false }>): string {
  return `HTTP ${result.status}${result.code === null ? '' : ` (Discord ${result.code})`}: ${result.message}`;
}

/** Permanent failures change the subscription; everything else is worth another try. */
function classify(
  result: Extract<PostResult, { ok: false }>,
  channelId: string,
): { status: 'paused' | 'disabled'; reason: string } | 'transient' {
  if (result.code === CANNOT_DM) {
    return {
      status: 'paused',
      reason: `Discord refused the DM (Discord ${CANNOT_DM} Cannot send messages to this user)`,
    };
  }
  if (result.code === UNKNOWN_CHANNEL) {
    return {
      status: 'disabled',
      reason: `channel ${channelId} no longer exists (Discord ${UNKNOWN_CHANNEL} Unknown Channel)`,
    };
  }
  if (result.status === 403 || (result.code !== null && MISSING_ACCESS.has(result.code))) {
    const what = result.code === 50013 ? 'Missing Permissions' : 'Missing Access';
    return {
      status: 'paused',
      reason: `the bot cannot post in channel ${channelId}: ${what}${result.code === null ? '' : ` (Discord ${result.code})`}; give it View Channel, Send Messages and Embed Links there, then use /digest now to resume`,
    };
  }
  // 401 is the token, not the channel: the bot's login fails and says so; the digest must not be paused for it.
  if (result.status === 0 || result.status === 401 || result.status === 429 || result.status >= 500) return 'transient';
  return { status: 'paused', reason: `Discord rejected the digest: ${describeFailure(result)}` };
}

async function runPool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Schedules nothing itself: `runDue` posts what is due now; a scheduler decides when to call it. */
export class DigestJob implements DigestPoster {
  readonly #deps: DigestJobDeps;
  readonly #options: DigestJobOptions;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(deps: DigestJobDeps) {
    this.#deps = deps;
    this.#options = { ...DIGEST_JOB_OPTIONS, ...deps.options };
    this.#sleep = deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** The plan and message a subscription would get now, without posting or recording anything. */
  async preview(
    subscription: Pick<Subscription, 'id' | 'topic' | 'max' | 'createdAt' | 'timezone' | 'guildId' | 'kind'>,
    now: Date = this.#deps.clock(),
    label?: string,
  ): Promise<{ plan: DigestPlan; message: DigestMessage }> {
    const plan = planDigest(await gatherDigestInput(this.#deps.store, subscription, this.#deps.corpus(), now));
    return { plan, message: renderDigestMessage(plan, { localDate: localDateOf(now, subscription.timezone), label }) };
  }

  /** The plan of a preview, which belongs to no subscription (the digest service renders or answers with it). */
  async planPreview(preview: DigestPreview, now: Date = this.#deps.clock()): Promise<DigestPlan> {
    return planPreview(await gatherPreviewInput(this.#deps.store, preview, this.#deps.corpus(), now));
  }

  /** The earliest upcoming slot among active subscriptions, or null when there are none. */
  async nextSlotAfter(now: Date): Promise<Date | null> {
    let earliest: Date | null = null;
    for (const sub of await this.#deps.store.subscriptions.listActive()) {
      const at = nextSlot(sub.time, sub.timezone, now);
      if (earliest === null || at < earliest) earliest = at;
    }
    return earliest;
  }

  /**
   * Posts every active subscription whose slot today has passed and is not yet sent. Safe to call at
   * any time and from several processes at once: the ledger claim lets exactly one post each day.
   */
  async runDue(now: Date = this.#deps.clock()): Promise<SendOutcome[]> {
    const due: Array<{ sub: Subscription; localDate: string; slotAt: Date; late: boolean }> = [];
    for (const sub of await this.#deps.store.subscriptions.listActive()) {
      const decision = decideSlot(sub, now);
      if (decision.kind !== 'due') continue;
      const existing = await this.#deps.store.ledger.scheduledFor(sub.id, decision.localDate);
      if (existing?.state === 'sent') continue;
      due.push({ sub, localDate: decision.localDate, slotAt: decision.slotAt, late: decision.late });
    }
    const outcomes: SendOutcome[] = [];
    await runPool(due, this.#options.concurrency, async (item) => {
      const outcome = await this.#postScheduled(item.sub, item.localDate, item.slotAt, item.late, now);
      outcomes.push(outcome);
    });
    return outcomes;
  }

  async #postScheduled(
    sub: Subscription,
    localDate: string,
    slotAt: Date,
    late: boolean,
    now: Date,
  ): Promise<SendOutcome> {
    const { store, owner, logger } = this.#deps;
    const claim = await store.ledger.claimScheduled({
      subscriptionId: sub.id,
      localDate,
      nonce: scheduledNonce(sub.id, localDate),
      owner,
      // The run may have been going a while (retries elsewhere); the lease counts from the claim.
      now: this.#deps.clock(),
      leaseMs: this.#options.leaseMs,
    });
    if (claim.kind === 'sent') return { kind: 'already-sent', subscriptionId: sub.id, localDate };
    if (claim.kind === 'held') return { kind: 'held', subscriptionId: sub.id, localDate };
    const lateSlot: LateSlot | undefined = late
      ? { time: sub.time, timezone: sub.timezone, slotAt: slotAt.toISOString() }
      : undefined;
    if (sub.kind === 'alert') return this.#postAlert(sub, claim.send, now, lateSlot);
    let send = claim.send;
    if (send.payload === null) {
      // Votes cast before the slot break ties between equal topic matches.
      const plan = planDigest(await gatherDigestInput(store, sub, this.#deps.corpus(), now, slotAt));
      const message = renderDigestMessage(plan, { localDate, late: lateSlot });
      await store.ledger.savePlan(
        send.id,
        JSON.stringify(message),
        plan.items.map((i) => i.id),
      );
      send = (await store.ledger.get(send.id))!;
    } else {
      logger.warn(
        { subscription: sub.id, localDate, attempts: send.attempts, previousOwner: claim.send.claimedBy },
        'digest: re-posting a claimed digest with its original nonce',
      );
    }
    const outcome = await this.#deliver(sub, send);
    if (outcome.kind === 'posted') {
      logger.info(
        { subscription: sub.id, channel: sub.channelId, localDate, message: outcome.messageId, late },
        late ? 'digest: posted late' : 'digest: posted',
      );
      return { ...outcome, late };
    }
    return outcome;
  }

  /**
   * An alert's day: not to a user who left the alert's server (paused, no DM), nothing on a day with nothing
   * new (the day is recorded as done), else the new papers as the digest's cards, by DM.
   */
  async #postAlert(
    sub: Subscription,
    claimed: DigestSend,
    now: Date,
    late: LateSlot | undefined,
  ): Promise<SendOutcome> {
    const { store, owner, logger } = this.#deps;
    const membership = (await this.#deps.memberOf?.(sub.guildId, sub.createdBy)) ?? 'member';
    if (membership === 'left') {
      const reason = 'left the server';
      await store.ledger.giveUp(claimed, owner, { status: 'paused', reason, now: this.#deps.clock() });
      logger.info({ subscription: sub.id, guild: sub.guildId, user: sub.createdBy }, 'alert: paused, user left');
      return { kind: 'paused', subscriptionId: sub.id, reason };
    }
    if (membership === 'unknown') {
      const error = `could not check that user ${sub.createdBy} is still in guild ${sub.guildId}`;
      await store.ledger.postpone(claimed.id, owner, new Date(now.getTime() + this.#options.retryLaterMs), error);
      return { kind: 'retry-later', subscriptionId: sub.id, error };
    }
    let send = claimed;
    if (send.payload === null) {
      const plan = planDigest(await gatherDigestInput(store, sub, this.#deps.corpus(), now));
      if (plan.section !== 'new' || plan.items.length === 0) {
        await store.ledger.markEmpty(send.id, this.#deps.clock());
        return { kind: 'nothing-new', subscriptionId: sub.id, localDate: send.localDate };
      }
      // Votes count per server: a DM carries no 👍 row.
      const { components: _votes, ...message } = renderDigestMessage(plan, {
        localDate: send.localDate,
        label: 'Your alert',
        noun: 'alert',
        // After an outage or a restart past its time, the alert says it is late, as a digest does.
        late,
      });
      await store.ledger.savePlan(
        send.id,
        JSON.stringify(message),
        plan.items.map((i) => i.id),
      );
      send = (await store.ledger.get(send.id))!;
    }
    const outcome = await this.#deliver(sub, send);
    if (outcome.kind === 'posted') logger.info({ subscription: sub.id, user: sub.createdBy }, 'alert: sent');
    return outcome;
  }

  /**
   * Posts a digest right away (`/digest now`), outside the daily ledger slot. It counts as the last
   * digest, so the next scheduled one does not repeat its papers. A paused subscription that posts
   * successfully is active again.
   */
  async postNow(subscriptionId: number): Promise<PostNowOutcome> {
    const { store, owner } = this.#deps;
    const sub = await store.subscriptions.get(subscriptionId);
    if (!sub) return { kind: 'unknown-subscription', subscriptionId };
    const now = this.#deps.clock();
    const localDate = localDateOf(now, sub.timezone);
    const send = await store.ledger.startManual({
      subscriptionId,
      localDate,
      nonce: manualNonce(subscriptionId, now),
      owner,
      now,
      leaseMs: this.#options.leaseMs,
    });
    const plan = planDigest(await gatherDigestInput(store, sub, this.#deps.corpus(), now));
    const message = renderDigestMessage(plan, { localDate, label: 'Digest, posted on request' });
    await store.ledger.savePlan(
      send.id,
      JSON.stringify(message),
      plan.items.map((i) => i.id),
    );
    const outcome = await this.#deliver(sub, (await store.ledger.get(send.id))!);
    if (outcome.kind === 'posted' && sub.status !== 'active') {
      await store.subscriptions.setStatus(sub.id, 'active', null, this.#deps.clock());
      this.#deps.logger.info({ subscription: sub.id }, 'digest: subscription resumed by a successful post');
    }
    if (outcome.kind === 'retry-later') await store.ledger.release(send.id, owner);
    return outcome;
  }

  /** Posts a planned send with retries, then records the result in the store. */
  async #deliver(sub: Subscription, send: DigestSend): Promise<SendOutcome> {
    const { store, owner, logger, postMessage } = this.#deps;
    const body: RESTPostAPIChannelMessageJSONBody = {
      ...(JSON.parse(send.payload!) as DigestMessage),
      nonce: send.nonce,
      enforce_nonce: true,
      allowed_mentions: { parse: [] },
    };
    let failure: Extract<PostResult, { ok: false }> | undefined;
    for (let attempt = 1; attempt <= this.#options.attempts; attempt++) {
      const result = await postMessage(sub.channelId, body);
      if (result.ok) {
        const at = this.#deps.clock();
        await store.ledger.markSent(send, result.messageId, at);
        return {
          kind: 'posted',
          subscriptionId: sub.id,
          messageId: result.messageId,
          localDate: send.localDate,
          late: false,
        };
      }
      failure = result;
      const verdict = classify(result, sub.channelId);
      if (verdict !== 'transient') {
        await store.ledger.giveUp(send, owner, { ...verdict, now: this.#deps.clock() });
        if (sub.kind === 'alert' && result.code === CANNOT_DM) {
          await store.users.setNotice(sub.createdBy, closedDmNotice(sub), this.#deps.clock());
        }
        logger.warn(
          {
            subscription: sub.id,
            guild: sub.guildId,
            channel: sub.channelId,
            status: result.status,
            code: result.code,
          },
          `digest: subscription ${verdict.status}: ${verdict.reason}`,
        );
        return { kind: verdict.status, subscriptionId: sub.id, reason: verdict.reason };
      }
      if (attempt < this.#options.attempts) {
        await this.#sleep(Math.max(result.retryAfterMs ?? 0, this.#options.backoffMs * 2 ** (attempt - 1)));
      }
    }
    const error = describeFailure(failure!);
    await store.ledger.postpone(
      send.id,
      owner,
      new Date(this.#deps.clock().getTime() + this.#options.retryLaterMs),
      error,
    );
    logger.warn({ subscription: sub.id, channel: sub.channelId, error }, 'digest: post failed, will retry later');
    return { kind: 'retry-later', subscriptionId: sub.id, error };
  }
}
