// The alert service against the real store (SQLite in memory) and a fake clock: its rules — the time zone
// remembered or asked for, the 10-alert limit, scoping to the member asking — with no Discord in sight.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlertService, type AlertRequest } from '../../../src/core/alerts/alert-service.js';
import { ALERTS_PER_USER_MAX } from '../../../src/core/digest/subscription.js';
import type { Paper } from '../../../src/core/paper/paper.js';
import { DigestJob } from '../../../src/discord/digest/digest-job.js';
import { openSqliteStore } from '../../../src/store/sqlite/open-sqlite-store.js';
import type { Store } from '../../../src/store/store.js';
import { FakeChannels, FakeClock, MemoryLogger, makePaper } from '../../discord/digest/digest-harness.js';

const ALICE = '300000000000000001';
const BOB = '300000000000000002';
const PAPERS: Paper[] = [
  makePaper('g1', 'Graph neural networks for molecules'),
  makePaper('v1', 'Vision transformers'),
];

let store: Store;
let clock: FakeClock;
let changes: number;
let service: AlertService;

beforeEach(() => {
  store = openSqliteStore(':memory:');
  clock = new FakeClock('2025-03-28T12:00:00.000Z');
  changes = 0;
  const job = new DigestJob({
    store,
    postMessage: new FakeChannels(clock).post,
    corpus: () => ({ papers: PAPERS }),
    clock: clock.now,
    logger: new MemoryLogger(),
    owner: 'test',
  });
  service = new AlertService({ store, poster: job, clock: clock.now, changed: () => void changes++ });
});

afterEach(() => store.close());

const request = (overrides: Partial<AlertRequest> = {}): AlertRequest => ({
  userId: ALICE,
  guildId: 'g',
  channelId: 'dm-alice',
  topic: 'graph',
  ...overrides,
});

async function save(overrides: Partial<AlertRequest> = {}) {
  const draft = await service.draft(request(overrides));
  if (draft.kind !== 'drafted') throw new Error(`test: expected a draft, got '${draft.kind}'`);
  const result = await service.confirm(draft.token, overrides.userId ?? ALICE);
  if (result.kind !== 'subscribed') throw new Error(`test: expected an alert, got '${result.kind}'`);
  return result.subscription;
}

describe('AlertService', () => {
  it('asks for a time zone once, then remembers the one given; the default time is 08:00', async () => {
    expect(await service.draft(request())).toEqual({ kind: 'needs-timezone' });
    const first = await save({ timezone: 'europe/berlin', time: '7:30' });
    expect(first).toMatchObject({ kind: 'alert', time: '07:30', timezone: 'Europe/Berlin', channelId: 'dm-alice' });
    const second = await save();
    expect(second).toMatchObject({ time: '08:00', timezone: 'Europe/Berlin' });
    expect(changes).toBe(2);
  });

  it('refuses a bad time zone without remembering it, and an empty topic', async () => {
    const bad = await service.draft(request({ timezone: 'Mars/Olympus' }));
    expect(bad.kind === 'invalid' && bad.problems.map((p) => p.field)).toEqual(['timezone']);
    expect(await store.users.timezone(ALICE)).toBeUndefined();
    const empty = await service.draft(request({ timezone: 'UTC', topic: '   ' }));
    expect(empty.kind === 'invalid' && empty.problems.map((p) => p.field)).toEqual(['topic']);
  });

  it('previews what today would bring before saving anything', async () => {
    const draft = await service.draft(request({ timezone: 'UTC' }));
    expect(draft.kind === 'drafted' && draft.preview.items.map((i) => i.id)).toEqual(['g1']);
    expect(await service.list(ALICE)).toEqual([]);
  });

  it(`keeps at most ${ALERTS_PER_USER_MAX} alerts per member`, async () => {
    for (let i = 0; i < ALERTS_PER_USER_MAX; i++) await save({ timezone: 'UTC', topic: `t${i}` });
    expect(await service.draft(request())).toEqual({ kind: 'too-many', max: ALERTS_PER_USER_MAX });
    // Another member's count is their own.
    expect((await service.draft(request({ userId: BOB, timezone: 'UTC' }))).kind).toBe('drafted');
  });

  it('pauses, resumes and removes only the asking member’s alerts', async () => {
    const alert = await save({ timezone: 'UTC' });
    expect(await service.setPaused(BOB, String(alert.id), true)).toEqual({ kind: 'not-found' });
    expect(await service.remove(BOB, `#${alert.id}`)).toEqual({ kind: 'not-found' });
    const paused = await service.setPaused(ALICE, `#${alert.id}`, true);
    expect(paused.kind === 'done' && paused.alert.status).toBe('paused');
    expect((await service.list(ALICE))[0]?.alert.statusReason).toBe('paused by you');
    await service.setPaused(ALICE, String(alert.id), false);
    expect((await service.list(ALICE))[0]?.alert.status).toBe('active');
    expect((await service.remove(ALICE, String(alert.id))).kind).toBe('done');
    expect(await service.list(ALICE)).toEqual([]);
  });
});
