// The digest service against the real SQLite store and the real digest job; only Discord's message
// endpoint and the clock are fakes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DRAFT_TTL_MS,
  DigestService,
  parseSubscriptionRef,
  type DraftRequest,
} from '../../../src/core/digest/digest-service.js';
import type { Paper } from '../../../src/core/paper/paper.js';
import { DigestJob } from '../../../src/discord/digest/digest-job.js';
import { openSqliteStore } from '../../../src/store/sqlite/open-sqlite-store.js';
import type { Store } from '../../../src/store/store.js';
import { FakeChannels, FakeClock, MemoryLogger, makePaper } from '../../discord/digest/digest-harness.js';

const GUILD = '100000000000000001';
const OTHER_GUILD = '100000000000000002';
const CHANNEL = '200000000000000001';
const ALICE = '300000000000000001';
const BOB = '300000000000000002';
const HOUR = 3_600_000;

const PAPERS: Paper[] = [
  makePaper('g1', 'Graph neural networks for molecules'),
  makePaper('g2', 'Graph transformers'),
  makePaper('v1', 'Vision transformers at scale'),
];

let store: Store;
let clock: FakeClock;
let channels: FakeChannels;
let changes: number;
let service: DigestService;

beforeEach(() => {
  store = openSqliteStore(':memory:');
  clock = new FakeClock('2025-03-28T12:00:00.000Z');
  channels = new FakeChannels(clock);
  changes = 0;
  const job = new DigestJob({
    store,
    postMessage: channels.post,
    corpus: () => ({ papers: PAPERS }),
    clock: clock.now,
    logger: new MemoryLogger(),
    owner: 'test',
    sleep: async () => {},
  });
  service = new DigestService({ store, poster: job, clock: clock.now, changed: () => void changes++ });
});

afterEach(() => store.close());

function request(overrides: Partial<DraftRequest> = {}): DraftRequest {
  return {
    guildId: GUILD,
    channelId: CHANNEL,
    userId: ALICE,
    time: '9:00',
    timezone: 'europe/berlin',
    topic: 'graph',
    max: 2,
    ...overrides,
  };
}

async function subscription(guildId = GUILD) {
  return await store.subscriptions.add(
    { guildId, channelId: CHANNEL, time: '07:00', timezone: 'UTC', topic: '', max: 2, createdBy: ALICE },
    clock.now(),
  );
}

async function drafted(overrides: Partial<DraftRequest> = {}) {
  const result = await service.draft(request(overrides));
  if (result.kind !== 'drafted') throw new Error(`test: expected a draft, got '${result.kind}'`);
  return result;
}

describe('draft and confirm', () => {
  it('normalises the settings and saves nothing until the author confirms, once', async () => {
    const draft = await drafted();
    expect(draft.settings).toEqual({ time: '09:00', timezone: 'Europe/Berlin', topic: 'graph', max: 2 });
    expect(await store.subscriptions.listForGuild(GUILD)).toEqual([]);

    const confirmed = await service.confirm(draft.token, ALICE);
    expect(confirmed).toMatchObject({
      kind: 'subscribed',
      subscription: { guildId: GUILD, channelId: CHANNEL, time: '09:00', timezone: 'Europe/Berlin', createdBy: ALICE },
    });
    expect(changes).toBe(1);
    expect(await service.confirm(draft.token, ALICE)).toEqual({ kind: 'unknown' });
    expect(await store.subscriptions.listForGuild(GUILD)).toHaveLength(1);
    expect(changes).toBe(1);
  });

  it('previews today’s digest as a preview of no subscription: papers first seen in the last day are new', async () => {
    await store.papers.recordPapers(['g1', 'g2'], new Date(clock.now().getTime() - 2 * HOUR));
    await store.papers.recordPapers(['v1'], new Date(clock.now().getTime() - 48 * HOUR));
    const { preview } = await drafted();
    expect(preview).toMatchObject({
      subscriptionId: null,
      topic: 'graph',
      section: 'new',
      since: '2025-03-27T12:00:00.000Z',
      lastDigestAt: null,
      generatedAt: '2025-03-28T12:00:00.000Z',
    });
    expect(preview.items.map((i) => i.id).sort()).toEqual(['g1', 'g2']);
  });

  it('names every bad setting, quoting it, and saves no draft', async () => {
    const result = await service.draft(request({ time: '25:00', timezone: 'Mars/Base', max: 11 }));
    expect(result).toEqual({
      kind: 'invalid',
      problems: [
        { field: 'time', message: "'25:00' is not a 24-hour time like 09:00 or 18:30" },
        { field: 'timezone', message: "'Mars/Base' is not an IANA timezone like Europe/Berlin or UTC" },
        { field: 'max', message: '11 papers is not a whole number from 1 to 10' },
      ],
    });
  });

  it('lets only the author confirm, and only before the draft expires', async () => {
    const draft = await drafted();
    expect(await service.confirm(draft.token, BOB)).toEqual({ kind: 'not-yours' });
    clock.advance(DRAFT_TTL_MS);
    expect(await service.confirm(draft.token, ALICE)).toEqual({ kind: 'expired' });
    expect(await store.subscriptions.listForGuild(GUILD)).toEqual([]);
    expect(changes).toBe(0);
  });

  it('cancel drops the author’s draft only', async () => {
    const draft = await drafted();
    expect(await service.cancel(draft.token, BOB)).toEqual({ kind: 'not-found' });
    expect(await service.cancel(draft.token, ALICE)).toEqual({ kind: 'cancelled' });
    expect(await service.cancel(draft.token, ALICE)).toEqual({ kind: 'not-found' });
    expect(await service.confirm(draft.token, ALICE)).toEqual({ kind: 'unknown' });
  });
});

describe('list, unsubscribe, post now', () => {
  it('lists only this guild’s subscriptions, each with its last post', async () => {
    const mine = await subscription();
    await subscription(OTHER_GUILD);
    expect(await service.list(GUILD)).toEqual([{ subscription: mine, lastPostedAt: null }]);

    clock.advance(HOUR);
    await service.postNow(GUILD, String(mine.id));
    expect(await service.list(GUILD)).toEqual([{ subscription: mine, lastPostedAt: '2025-03-28T13:00:00.000Z' }]);
  });

  it('unsubscribes by `12` or `#12`, never another guild’s, and tells the scheduler', async () => {
    const theirs = await subscription(OTHER_GUILD);
    expect(await service.unsubscribe(GUILD, String(theirs.id))).toEqual({ kind: 'not-found' });
    expect(await store.subscriptions.get(theirs.id)).toEqual(theirs);

    const mine = await subscription();
    expect(await service.unsubscribe(GUILD, `#${mine.id}`)).toEqual({ kind: 'unsubscribed', subscription: mine });
    expect(await store.subscriptions.get(mine.id)).toBeUndefined();
    expect(await service.unsubscribe(GUILD, String(mine.id))).toEqual({ kind: 'not-found' });
    expect(await service.unsubscribe(GUILD, 'graph')).toEqual({ kind: 'not-found' });
    expect(changes).toBe(1);
  });

  it('posts now in the subscription’s channel, and refuses another guild’s without posting', async () => {
    const theirs = await subscription(OTHER_GUILD);
    expect(await service.postNow(GUILD, String(theirs.id))).toEqual({ kind: 'not-found' });
    expect(await service.postNow(GUILD, '')).toEqual({ kind: 'not-found' });
    expect(channels.messages).toEqual([]);

    const mine = await subscription();
    const result = await service.postNow(GUILD, ` #${mine.id} `);
    expect(result).toMatchObject({
      kind: 'attempted',
      subscription: mine,
      outcome: { kind: 'posted', subscriptionId: mine.id, messageId: channels.messages[0]!.id },
    });
    expect(channels.inChannel(CHANNEL)).toHaveLength(1);
  });
});

describe('preview', () => {
  it('plans a digest on a topic for no subscription, saving nothing', async () => {
    await store.papers.recordPapers(
      PAPERS.map((p) => p.id),
      new Date(clock.now().getTime() - 72 * HOUR),
    );
    const result = await service.preview({ topic: '  graph   -molecules ', max: null });
    expect(result).toMatchObject({
      kind: 'preview',
      plan: { subscriptionId: null, topic: 'graph -molecules', section: 'archive', since: '2025-03-27T12:00:00.000Z' },
    });
    if (result.kind !== 'preview') throw new Error('test: expected a preview');
    expect(result.plan.items.map((i) => i.id)).toEqual(['g2']);
    expect(await store.subscriptions.listForGuild(GUILD)).toEqual([]);
    expect((await store.papers.shown(0)).size).toBe(0);
  });

  it('names a bad size and a long topic', async () => {
    expect(await service.preview({ topic: 'x'.repeat(201), max: 0 })).toEqual({
      kind: 'invalid',
      problems: [
        { field: 'topic', message: 'the topic has 201 characters; at most 200' },
        { field: 'max', message: '0 papers is not a whole number from 1 to 10' },
      ],
    });
  });
});

describe('parseSubscriptionRef', () => {
  it('reads `12`, `#12` and spaces around them; nothing else', () => {
    expect(parseSubscriptionRef('12')).toBe(12);
    expect(parseSubscriptionRef(' #12 ')).toBe(12);
    expect(parseSubscriptionRef('#')).toBeUndefined();
    expect(parseSubscriptionRef('12a')).toBeUndefined();
    expect(parseSubscriptionRef('1234567890123456')).toBeUndefined();
  });
});
