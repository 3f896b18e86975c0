// Two machines, each running the digest scheduler on one shared store, with a leader lease between them:
// only the leader posts, and when it dies another takes over within ttl + one check and posts what was due,
// once. Time is one fake clock for both; each machine has its own timers, so "killing" one drops its timers
// without letting its lease go.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DigestJob } from '../../../src/discord/digest/digest-job.js';
import { startDigestScheduler, type DigestScheduler } from '../../../src/discord/digest/digest-scheduler.js';
import { fixedLeadership, type Leadership } from '../../../src/store/leadership.js';
import { openSqliteStore } from '../../../src/store/sqlite/open-sqlite-store.js';
import type { Store } from '../../../src/store/store.js';
import { LeaderLease } from '../../../src/store/postgres/leader-lease.js';
import { MemoryLeaseDatabase } from '../../store/memory-lease-database.js';
import { FakeChannels, FakeClock, FakeTimers, MemoryLogger, makePaper } from './digest-harness.js';

const GUILD = '100000000000000001';
const CHANNEL = '200000000000000001';
const LEASE = { ttlMs: 30_000, renewEveryMs: 10_000 };

let dir: string;
let stores: Store[];
let clock: FakeClock;
let channels: FakeChannels;
let leases: MemoryLeaseDatabase;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'paperboy-leader-'));
  stores = [];
  clock = new FakeClock('2025-03-28T07:58:00.000Z'); // 08:58 in Berlin
  channels = new FakeChannels(clock);
  leases = new MemoryLeaseDatabase();
});
afterEach(async () => {
  for (const s of stores) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Machine {
  name: string;
  timers: FakeTimers;
  scheduler: DigestScheduler;
  posted: string[];
}

function machine(
  name: string,
  leadership: Leadership = new LeaderLease({ db: leases, holder: name, ...LEASE }),
): Machine {
  const store = openSqliteStore(join(dir, 'paperboy.sqlite'));
  stores.push(store);
  const posted: string[] = [];
  const job = new DigestJob({
    store,
    postMessage: async (channelId, body) => {
      posted.push(channelId);
      return channels.post(channelId, body);
    },
    corpus: () => ({ papers: [makePaper('g1', 'Graph neural networks')] }),
    clock: clock.now,
    logger: new MemoryLogger(),
    owner: name,
    sleep: async () => {},
  });
  const timers = new FakeTimers(clock);
  const scheduler = startDigestScheduler(job, { clock: clock.now, logger: new MemoryLogger(), timers, leadership });
  return { name, timers, scheduler, posted };
}

/** Fires both machines' timers in time order up to `until`, letting each run settle. */
async function runUntil(machines: Machine[], until: string): Promise<void> {
  const end = Date.parse(until);
  for (;;) {
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    const next = machines.flatMap((m) => m.timers.pending.map((t) => ({ m, t }))).sort((a, b) => a.t.at - b.t.at)[0];
    if (!next || next.t.at > end) break;
    next.m.timers.pending = next.m.timers.pending.filter((t) => t !== next.t);
    clock.set(new Date(next.t.at));
    next.t.callback();
  }
  clock.set(new Date(end));
}

async function subscribe(time: string, channelId = CHANNEL): Promise<void> {
  await stores[0]!.subscriptions.add(
    { guildId: GUILD, channelId, time, timezone: 'Europe/Berlin', topic: '', max: 2, createdBy: '3' },
    clock.now(),
  );
}

describe('the digest scheduler on two machines', () => {
  it('posts each due digest once, from the leader only', async () => {
    const machines = [machine('a'), machine('b')];
    await subscribe('09:00');
    for (const m of machines) m.scheduler.poke();
    await runUntil(machines, '2025-03-28T08:10:00.000Z');
    for (const m of machines) await m.scheduler.stop();
    expect(channels.messages.map((m) => m.at)).toEqual(['2025-03-28T08:00:00.000Z']);
    expect(machines.map((m) => m.posted.length)).toEqual([1, 0]);
  });

  it('when the leader dies before a slot, another machine takes the lease and posts it within ttl + one check, once', async () => {
    const machines = [machine('a'), machine('b')];
    const [a, b] = machines as [Machine, Machine];
    await subscribe('09:00');
    await subscribe('09:05', '200000000000000002');
    for (const m of machines) m.scheduler.poke();
    await runUntil(machines, '2025-03-28T08:04:50.000Z');
    expect(a.posted).toEqual([CHANNEL]);
    // a is killed: its timers stop and its lease is never released.
    a.timers.pending = [];
    await runUntil(machines, '2025-03-28T08:07:00.000Z');
    await b.scheduler.stop();
    expect(b.posted).toEqual(['200000000000000002']);
    const taken = Date.parse(channels.inChannel('200000000000000002')[0]!.at);
    expect(taken - Date.parse('2025-03-28T08:05:00.000Z')).toBeGreaterThan(0);
    expect(taken - Date.parse('2025-03-28T08:04:50.000Z')).toBeLessThanOrEqual(LEASE.ttlMs + LEASE.renewEveryMs);
    expect(channels.messages).toHaveLength(2);
  });

  it('posts nothing while no machine can reach the lease, and what was due once it can', async () => {
    const machines = [machine('a'), machine('b')];
    await subscribe('09:00');
    for (const m of machines) m.scheduler.poke();
    await runUntil(machines, '2025-03-28T07:59:00.000Z');
    leases.up = false;
    await runUntil(machines, '2025-03-28T08:02:00.000Z');
    expect(channels.messages).toHaveLength(0);
    leases.up = true;
    await runUntil(machines, '2025-03-28T08:03:00.000Z');
    for (const m of machines) await m.scheduler.stop();
    expect(channels.messages).toHaveLength(1);
    expect(machines.flatMap((m) => m.posted)).toEqual([CHANNEL]);
  });

  it('with a fixed leadership (SQLite), the one process posts and the others never do', async () => {
    const machines = [machine('a', fixedLeadership(true)), machine('b', fixedLeadership(false))];
    await subscribe('09:00');
    for (const m of machines) m.scheduler.poke();
    await runUntil(machines, '2025-03-28T08:10:00.000Z');
    for (const m of machines) await m.scheduler.stop();
    expect(machines.map((m) => m.posted.length)).toEqual([1, 0]);
  });
});
