import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Paper } from '../../../src/core/paper/paper.js';
import type { NewSubscription } from '../../../src/core/digest/subscription.js';
import { DigestJob, scheduledNonce, type DigestJobDeps } from '../../../src/discord/digest/digest-job.js';
import { startDigestScheduler } from '../../../src/discord/digest/digest-scheduler.js';
import { openSqliteStore } from '../../../src/store/sqlite/open-sqlite-store.js';
import type { Store } from '../../../src/store/store.js';
import { FakeChannels, FakeClock, FakeTimers, MemoryLogger, makePaper, messageText } from './digest-harness.js';

const GUILD = '100000000000000001';
const channel = (n: number) => String(200000000000000000n + BigInt(n));
const HOUR = 3_600_000;

const PAPERS: Paper[] = [
  makePaper('g1', 'Graph neural networks for molecules'),
  makePaper('g2', 'Graph transformers'),
  makePaper('g3', 'Graph diffusion'),
  makePaper('v1', 'Vision transformers at scale'),
];

let dir: string;
let stores: Store[];
let clock: FakeClock;
let channels: FakeChannels;
let logger: MemoryLogger;
let papers: Paper[];

function store(): Store {
  const s = openSqliteStore(join(dir, 'paperboy.sqlite'));
  stores.push(s);
  return s;
}

function job(s: Store, owner = 'process-a', extra: Partial<DigestJobDeps> = {}): DigestJob {
  return new DigestJob({
    store: s,
    postMessage: channels.post,
    corpus: () => ({ papers }),
    clock: clock.now,
    logger,
    owner,
    sleep: async () => {},
    ...extra,
  });
}

async function subscribe(s: Store, overrides: Partial<NewSubscription> = {}) {
  return await s.subscriptions.add(
    {
      guildId: GUILD,
      channelId: channel(1),
      time: '09:00',
      timezone: 'Europe/Berlin',
      topic: '',
      max: 2,
      createdBy: '3',
      ...overrides,
    },
    clock.now(),
  );
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'paperboy-digest-'));
  stores = [];
  clock = new FakeClock('2025-03-28T12:00:00.000Z');
  channels = new FakeChannels(clock);
  logger = new MemoryLogger();
  papers = [...PAPERS];
});
afterEach(async () => {
  for (const s of stores) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('digest scheduling', () => {
  it('posts at 09:00 local in two timezones, and keeps 09:00 local across the DST change', async () => {
    const s = store();
    await s.papers.recordPapers(
      papers.map((p) => p.id),
      clock.now(),
    );
    await subscribe(s, { channelId: channel(1), timezone: 'Europe/Berlin' });
    await subscribe(s, { channelId: channel(2), timezone: 'America/New_York' });
    const timers = new FakeTimers(clock);
    // Wake-ups are computed from the slots; the periodic re-check only needs to be shorter than a day here.
    const scheduler = startDigestScheduler(job(s), { clock: clock.now, logger, timers, maxSleepMs: 6 * HOUR });
    await timers.runUntil('2025-03-31T18:00:00.000Z');
    await scheduler.stop();
    // Berlin moves to summer time on 30 March; New York already did on 9 March.
    expect(channels.inChannel(channel(1)).map((m) => m.at)).toEqual([
      '2025-03-29T08:00:00.000Z',
      '2025-03-30T07:00:00.000Z',
      '2025-03-31T07:00:00.000Z',
    ]);
    expect(channels.inChannel(channel(2)).map((m) => m.at)).toEqual([
      '2025-03-28T13:00:00.000Z', // subscribed at 08:00 New York time, so today's 09:00 is still ahead
      '2025-03-29T13:00:00.000Z',
      '2025-03-30T13:00:00.000Z',
      '2025-03-31T13:00:00.000Z',
    ]);
  });

  it('posts a time skipped by spring-forward once, at the first valid time after the gap', async () => {
    clock.set('2025-03-08T12:00:00.000Z');
    const s = store();
    await subscribe(s, { time: '02:30', timezone: 'America/New_York' });
    const timers = new FakeTimers(clock);
    const scheduler = startDigestScheduler(job(s), { clock: clock.now, logger, timers, maxSleepMs: 6 * HOUR });
    await timers.runUntil('2025-03-10T12:00:00.000Z');
    await scheduler.stop();
    expect(channels.messages.map((m) => m.at)).toEqual([
      '2025-03-09T07:00:00.000Z', // 03:00 EDT: 02:30 did not exist that night
      '2025-03-10T06:30:00.000Z',
    ]);
  });

  it('posts a time repeated by fall-back once', async () => {
    clock.set('2025-11-01T12:00:00.000Z');
    const s = store();
    await subscribe(s, { time: '01:30', timezone: 'America/New_York' });
    const timers = new FakeTimers(clock);
    const scheduler = startDigestScheduler(job(s), { clock: clock.now, logger, timers, maxSleepMs: 10 * 60_000 });
    await timers.runUntil('2025-11-02T12:00:00.000Z');
    await scheduler.stop();
    expect(channels.messages.map((m) => m.at)).toEqual(['2025-11-02T05:30:00.000Z']);
  });

  it('a bot down at 09:00 and back at 11:00 posts once, late, and says so', async () => {
    const s = store();
    await subscribe(s);
    clock.set('2025-03-29T10:00:00.000Z'); // 11:00 in Berlin
    const j = job(s);
    const [outcome] = await j.runDue();
    expect(outcome).toMatchObject({ kind: 'posted', late: true });
    expect(messageText(channels.messages[0]!.body)).toMatch(
      /Posted late: this digest was due at 09:00 \(Europe\/Berlin\)/,
    );
    clock.advance(5 * 60_000);
    expect(await j.runDue()).toEqual([]);
    expect(channels.messages).toHaveLength(1);
  });

  it("a bot back the next morning does not post yesterday's digest", async () => {
    const s = store();
    await subscribe(s);
    clock.set('2025-03-30T06:00:00.000Z'); // 08:00 in Berlin: Saturday's 09:00 was missed entirely
    const timers = new FakeTimers(clock);
    const scheduler = startDigestScheduler(job(s), { clock: clock.now, logger, timers });
    await timers.runUntil('2025-03-30T06:59:00.000Z');
    expect(channels.messages).toHaveLength(0);
    await timers.runUntil('2025-03-30T07:00:00.000Z');
    await scheduler.stop();
    expect(channels.messages.map((m) => m.at)).toEqual(['2025-03-30T07:00:00.000Z']);
    expect(messageText(channels.messages[0]!.body)).not.toMatch(/late/);
  });
});

describe('exactly once', () => {
  it('a crash after claiming, before Discord saw the post: the next process posts it once', async () => {
    const s = store();
    const sub = await subscribe(s);
    clock.set('2025-03-29T08:00:00.000Z');
    let crash!: () => void;
    channels.gates.set(channel(1), new Promise<void>((resolve) => (crash = resolve)));
    channels.failNext(channel(1), { ok: false, status: 0, code: null, message: 'process died' });
    // Process A claims and is stuck posting; it never records anything.
    const stuck = job(s, 'process-a', { options: { attempts: 1 } }).runDue();
    await new Promise((r) => setImmediate(r));
    expect(channels.calls).toHaveLength(1);

    const b = job(store(), 'process-b');
    expect(await b.runDue()).toEqual([{ kind: 'held', subscriptionId: sub.id, localDate: '2025-03-29' }]);
    clock.advance(3 * 60_000); // A's lease ran out
    channels.gates.delete(channel(1));
    expect(await b.runDue()).toMatchObject([{ kind: 'posted', subscriptionId: sub.id }]);
    crash();
    await stuck;
    expect(channels.messages).toHaveLength(1);
    expect(channels.calls.every((c) => c.body.nonce === scheduledNonce(sub.id, '2025-03-29'))).toBe(true);
  });

  it('a crash after Discord created the message, before it was recorded: the re-post returns it (nonce), no double', async () => {
    const first = store();
    const sub = await subscribe(first);
    clock.set('2025-03-29T08:00:00.000Z');
    // Process A's post reaches Discord, then A dies before the answer is recorded.
    const dying = job(first, 'process-a', {
      postMessage: async (channelId, body) => {
        await channels.post(channelId, body);
        return new Promise(() => {});
      },
    });
    void dying.runDue();
    await new Promise((r) => setImmediate(r));
    expect(channels.messages).toHaveLength(1);
    expect((await first.ledger.scheduledFor(sub.id, '2025-03-29'))?.state).toBe('claimed');

    // Restarted process: a new owner, a new connection on the same file, after the lease.
    clock.advance(3 * 60_000);
    const restarted = store();
    const outcomes = await job(restarted, 'process-a-restarted').runDue();
    expect(outcomes).toMatchObject([{ kind: 'posted', messageId: channels.messages[0]!.id }]);
    expect(channels.messages).toHaveLength(1);
    expect(channels.calls).toHaveLength(2);
    expect(channels.calls[1]!.body).toEqual(channels.calls[0]!.body);
    expect(await restarted.ledger.scheduledFor(sub.id, '2025-03-29')).toMatchObject({
      state: 'sent',
      messageId: channels.messages[0]!.id,
    });
  });

  it('two processes running at once post each subscription once', async () => {
    const a = store();
    for (let i = 1; i <= 10; i++) await subscribe(a, { channelId: channel(i) });
    clock.set('2025-03-29T08:00:00.000Z');
    const outcomes = await Promise.all([job(a, 'a').runDue(), job(store(), 'b').runDue()]);
    expect(channels.messages).toHaveLength(10);
    expect(new Set(channels.messages.map((m) => m.channelId)).size).toBe(10);
    expect(outcomes.flat().filter((o) => o.kind === 'posted')).toHaveLength(10);
  });
});

describe('what a digest says', () => {
  it('nothing-new days rotate the archive, say so, and never repeat yesterday', async () => {
    const s = store();
    await s.papers.recordPapers(
      papers.map((p) => p.id),
      new Date('2025-03-01T00:00:00Z'),
    );
    await subscribe(s, { topic: 'graph', max: 2 });
    const j = job(s);
    const shownByDay: string[][] = [];
    for (const day of ['2025-03-29', '2025-03-30', '2025-03-31']) {
      clock.set(`${day}T08:30:00.000Z`);
      await j.runDue();
      const body = channels.messages.at(-1)!.body;
      expect(body.content).toContain('**From the archive**');
      expect(messageText(body)).toMatch(
        /Nothing new has arrived in the corpus since (this subscription started|the last digest)/,
      );
      expect(messageText(body)).toMatch(/the corpus last changed <t:\d+:R>/);
      shownByDay.push((await s.ledger.scheduledFor(1, day))!.paperIds!);
    }
    expect(shownByDay[0]).toHaveLength(2);
    expect(new Set([...shownByDay[0]!, ...shownByDay[1]!])).toEqual(new Set(['g1', 'g2', 'g3']));
    for (let i = 1; i < 3; i++) for (const id of shownByDay[i]!) expect(shownByDay[i - 1]).not.toContain(id);
  });

  it('a paper that arrives shows up as new the next day', async () => {
    const s = store();
    await s.papers.recordPapers(
      papers.map((p) => p.id),
      new Date('2025-03-01T00:00:00Z'),
    );
    await subscribe(s, { topic: 'graph' });
    const j = job(s);
    clock.set('2025-03-29T08:00:00.000Z');
    await j.runDue();
    papers.push(makePaper('g9', 'Graph pooling'));
    await s.papers.recordPapers(['g9'], new Date('2025-03-29T15:00:00Z'));
    clock.set('2025-03-30T07:00:00.000Z');
    await j.runDue();
    const body = channels.messages.at(-1)!.body;
    expect(body.content).toContain('**New in the corpus**');
    expect(messageText(body)).toContain('Graph pooling');
    expect(body.allowed_mentions).toEqual({ parse: [] });
  });

  it('the preview is what gets posted', async () => {
    const s = store();
    await s.papers.recordPapers(
      papers.map((p) => p.id),
      new Date('2025-03-01T00:00:00Z'),
    );
    const sub = await subscribe(s, { topic: 'transformers' });
    clock.set('2025-03-29T08:00:00.000Z');
    const j = job(s);
    const { message } = await j.preview(sub);
    await j.runDue();
    const { nonce, enforce_nonce, ...posted } = channels.messages[0]!.body;
    expect(nonce).toBe('d1-20250329');
    expect(enforce_nonce).toBe(true);
    expect(posted).toEqual(message);
  });
});

describe('failures', () => {
  it('lost permissions pause the subscription with a reason that list and the log show', async () => {
    const s = store();
    const sub = await subscribe(s);
    channels.failAlways(channel(1), { ok: false, status: 403, code: 50013, message: 'Missing Permissions' });
    clock.set('2025-03-29T08:00:00.000Z');
    const j = job(s);
    expect(await j.runDue()).toMatchObject([{ kind: 'paused' }]);
    const listed = (await s.subscriptions.listForGuild(GUILD))[0]!;
    expect(listed.status).toBe('paused');
    expect(listed.statusReason).toMatch(/Missing Permissions \(Discord 50013\)/);
    expect(logger.lines.some((l) => l.level === 'warn' && /paused/.test(l.message))).toBe(true);
    clock.set('2025-03-30T07:00:00.000Z');
    expect(await j.runDue()).toEqual([]);

    // Permissions fixed: /digest now posts and resumes it; the day's scheduled digest is still owed.
    channels.failures.clear();
    expect(await j.postNow(sub.id)).toMatchObject({ kind: 'posted' });
    expect(await s.subscriptions.get(sub.id)).toMatchObject({ status: 'active', statusReason: null });
    expect(await j.runDue()).toMatchObject([{ kind: 'posted' }]);
  });

  it('an unknown channel disables the subscription', async () => {
    const s = store();
    await subscribe(s);
    channels.failAlways(channel(1), { ok: false, status: 404, code: 10003, message: 'Unknown Channel' });
    clock.set('2025-03-29T08:00:00.000Z');
    expect(await job(s).runDue()).toMatchObject([{ kind: 'disabled' }]);
    expect((await s.subscriptions.listForGuild(GUILD))[0]).toMatchObject({
      status: 'disabled',
      statusReason: expect.stringMatching(/10003/),
    });
  });

  it('a rejected token (401) never pauses a subscription: it is retried later', async () => {
    const s = store();
    const sub = await subscribe(s);
    channels.failAlways(channel(1), { ok: false, status: 401, code: 0, message: '401: Unauthorized' });
    clock.set('2025-03-29T08:00:00.000Z');
    expect(await job(s).runDue()).toMatchObject([{ kind: 'retry-later' }]);
    expect(await s.subscriptions.get(sub.id)).toMatchObject({ status: 'active' });
  });

  it('retries 5xx with backoff, then posts', async () => {
    const s = store();
    await subscribe(s);
    const sleeps: number[] = [];
    channels.failNext(
      channel(1),
      { ok: false, status: 502, code: null, message: 'Bad Gateway' },
      { ok: false, status: 500, code: null, message: 'x' },
    );
    clock.set('2025-03-29T08:00:00.000Z');
    const outcomes = await job(s, 'a', { sleep: async (ms) => void sleeps.push(ms) }).runDue();
    expect(outcomes).toMatchObject([{ kind: 'posted' }]);
    expect(sleeps).toEqual([1000, 2000]);
    expect(channels.messages).toHaveLength(1);
  });

  it('after the retries run out it tries again later with the same nonce, still that day', async () => {
    const s = store();
    const sub = await subscribe(s);
    channels.failAlways(channel(1), { ok: false, status: 503, code: null, message: 'Service Unavailable' });
    clock.set('2025-03-29T08:00:00.000Z');
    const j = job(s);
    expect(await j.runDue()).toMatchObject([{ kind: 'retry-later', error: expect.stringMatching(/HTTP 503/) }]);
    clock.advance(60_000);
    expect(await j.runDue()).toMatchObject([{ kind: 'held' }]);
    channels.failures.clear();
    clock.advance(10 * 60_000);
    expect(await j.runDue()).toMatchObject([{ kind: 'posted' }]);
    expect(new Set(channels.calls.map((c) => c.body.nonce))).toEqual(new Set([scheduledNonce(sub.id, '2025-03-29')]));
  });

  it('one stuck channel never holds up the others', async () => {
    const s = store();
    for (let i = 1; i <= 12; i++) await subscribe(s, { channelId: channel(i) });
    let release!: () => void;
    channels.gates.set(channel(1), new Promise<void>((resolve) => (release = resolve)));
    clock.set('2025-03-29T08:00:00.000Z');
    const run = job(s).runDue();
    for (let i = 0; i < 50 && channels.messages.length < 11; i++) await new Promise((r) => setImmediate(r));
    expect(channels.messages).toHaveLength(11);
    expect(channels.inChannel(channel(1))).toHaveLength(0);
    release();
    await run;
    expect(channels.messages).toHaveLength(12);
  });
});
