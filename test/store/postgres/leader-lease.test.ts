// The leader lease against a real PostgreSQL (TEST_DATABASE_URL), in a schema of its own per run, dropped
// after. Time is the test's: every call says what "now" is, so expiry is exercised without waiting.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LeaderLease, openLeaderLease } from '../../../src/store/postgres/leader-lease.js';
import { MemoryLeaseDatabase } from '../memory-lease-database.js';

const URL_ = process.env.TEST_DATABASE_URL;
const SCHEMA = `paperboy_test_lease_${randomBytes(4).toString('hex')}`;
if (!URL_) {
  console.warn(
    'leader-lease.test.ts: skipped, no PostgreSQL. Run with TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test',
  );
}

const T0 = Date.parse('2026-01-05T09:00:00Z');
const at = (ms: number) => new Date(T0 + ms);

describe.skipIf(!URL_)('LeaderLease on PostgreSQL', () => {
  let admin: pg.Pool;
  const opened: { close(): Promise<void> }[] = [];

  beforeAll(async () => {
    admin = new pg.Pool({ connectionString: URL_, max: 1 });
    await admin.query(`CREATE SCHEMA ${SCHEMA}`);
  });

  afterAll(async () => {
    for (const lease of opened) await lease.close();
    await admin?.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await admin?.end();
  });

  async function machine(holder: string, name = 'digest-scheduler'): Promise<LeaderLease> {
    const open = openLeaderLease({
      url: URL_!,
      schema: SCHEMA,
      holder,
      name,
      ttlMs: 30_000,
      renewEveryMs: 10_000,
    });
    opened.push(open);
    return open.lease;
  }

  it('lets exactly one of two machines lead, and keeps it while it renews', async () => {
    const [a, b] = [await machine('a', 'one'), await machine('b', 'one')];
    expect(await a.isLeader(at(0))).toBe(true);
    expect(await b.isLeader(at(0))).toBe(false);
    for (let t = 10_000; t <= 120_000; t += 10_000) {
      expect([await a.isLeader(at(t)), await b.isLeader(at(t))]).toEqual([true, false]);
    }
  });

  it('hands the lease to another machine once the leader stops renewing, within ttl + one check', async () => {
    const [a, b] = [await machine('a', 'two'), await machine('b', 'two')];
    expect(await a.isLeader(at(0))).toBe(true);
    expect(await b.isLeader(at(0))).toBe(false);
    // a dies at 0 (no more renewals); b looks every 10 s.
    expect(await b.isLeader(at(20_000))).toBe(false);
    expect(await b.isLeader(at(30_000))).toBe(true);
    // a comes back (a pause, not a death): it finds it no longer leads.
    expect(await a.isLeader(at(35_000))).toBe(false);
  });

  it('lets go on release, so another machine leads at its next check', async () => {
    const [a, b] = [await machine('a', 'three'), await machine('b', 'three')];
    expect(await a.isLeader(at(0))).toBe(true);
    await a.release();
    expect(await a.isLeader(at(1_000))).toBe(false);
    expect(await b.isLeader(at(1_000))).toBe(true);
  });

  it('has one winner when many machines ask at the same instant', async () => {
    const leases = await Promise.all(Array.from({ length: 6 }, (_, i) => machine(`m${i}`, 'race')));
    const answers = await Promise.all(leases.map((lease) => lease.isLeader(at(0))));
    expect(answers.filter(Boolean)).toHaveLength(1);
  });
});

describe('LeaderLease when the database cannot be reached', () => {
  it('leads only until the lease it holds expires, logs the outage once, and renews when it comes back', async () => {
    const flaky = new MemoryLeaseDatabase();
    const lines: string[] = [];
    const logger = { info: (_: object, m: string) => lines.push(m), warn: (_: object, m: string) => lines.push(m) };
    const lease = new LeaderLease({ db: flaky, holder: 'a', ttlMs: 30_000, renewEveryMs: 10_000, logger });
    expect(await lease.isLeader(at(0))).toBe(true);
    flaky.up = false;
    expect(await lease.isLeader(at(10_000))).toBe(true);
    expect(await lease.isLeader(at(20_000))).toBe(true);
    expect(await lease.isLeader(at(30_000))).toBe(false);
    flaky.up = true;
    expect(await lease.isLeader(at(40_000))).toBe(true);
    expect(lines).toEqual([
      'leader lease: this process leads',
      'leader lease: cannot reach the database; leading only until the lease held expires',
      'leader lease: database reachable again',
    ]);
  });
});
