import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, StoreError, migrate } from '../../src/store/migrations.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import type { NewSubscription } from '../../src/core/digest/subscription.js';

const T0 = new Date('2025-03-01T08:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

const SUB: NewSubscription = {
  guildId: '100000000000000001',
  channelId: '200000000000000001',
  time: '09:00',
  timezone: 'Europe/Berlin',
  topic: 'graph "neural network" -survey',
  max: 5,
  createdBy: '300000000000000001',
};

let dir: string;
let path: string;
const open: Store[] = [];
function reopen(): Store {
  const store = openStore(path);
  open.push(store);
  return store;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'paperboy-store-'));
  path = join(dir, 'data', 'paperboy.sqlite');
});
afterEach(() => {
  for (const store of open.splice(0)) store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('openStore', () => {
  it('creates the data folder, migrates to the newest schema, and uses WAL with foreign keys', () => {
    const store = reopen();
    expect(store.schemaVersion).toBe(MIGRATIONS.length);
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    db.close();
  });

  it('loses nothing across close and reopen: subscriptions, ledger, first-seen and shown papers', () => {
    const first = reopen();
    const sub = first.subscriptions.add(SUB, T0);
    first.subscriptions.setStatus(sub.id, 'paused', 'missing access to #papers', at(1));
    first.papers.recordPapers(['p1', 'p2'], T0);
    first.papers.recordShown(sub.id, ['p1'], at(2));
    const claim = first.ledger.claimScheduled({
      subscriptionId: sub.id,
      localDate: '2025-03-01',
      nonce: `d${sub.id}-20250301`,
      owner: 'a',
      now: at(3),
      leaseMs: 60_000,
    });
    expect(claim.kind).toBe('claimed');
    first.ledger.savePlan(claim.send.id, '{"content":"hi"}', ['p1']);
    first.ledger.markSent(claim.send.id, '999', at(4));
    first.close();
    open.splice(0);

    const second = reopen();
    expect(second.schemaVersion).toBe(MIGRATIONS.length);
    const again = second.subscriptions.get(sub.id);
    expect(again).toMatchObject({ ...SUB, status: 'paused', statusReason: 'missing access to #papers' });
    expect(second.papers.firstSeen()).toEqual(
      new Map([
        ['p1', T0.toISOString()],
        ['p2', T0.toISOString()],
      ]),
    );
    expect(second.papers.shown(sub.id)).toEqual(new Map([['p1', at(2).toISOString()]]));
    expect(second.ledger.lastSent(sub.id)).toMatchObject({
      state: 'sent',
      messageId: '999',
      payload: '{"content":"hi"}',
      paperIds: ['p1'],
      sentAt: at(4).toISOString(),
    });
  });

  it('upgrades a database from an older Paperboy without losing what it holds', () => {
    const old = new Database(path.replace('/data/', '/'));
    migrate(old, MIGRATIONS.slice(0, 1));
    old
      .prepare(
        `INSERT INTO subscriptions (guild_id, channel_id, time, timezone, topic, max_papers, created_by, created_at, updated_at)
         VALUES ('1', '2', '09:00', 'UTC', 'graph', 3, '4', 'x', 'x')`,
      )
      .run();
    old.close();
    const store = openStore(path.replace('/data/', '/'));
    open.push(store);
    expect(store.schemaVersion).toBe(MIGRATIONS.length);
    expect(store.subscriptions.get(1)).toMatchObject({ topic: 'graph', max: 3, status: 'active' });
  });

  it('refuses a database from a newer Paperboy, naming the versions', () => {
    reopen().close();
    open.splice(0);
    const db = new Database(path);
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    expect(() => openStore(path)).toThrow(
      new RegExp(`schema version ${MIGRATIONS.length + 1}.*up to ${MIGRATIONS.length}`),
    );
  });

  it('applies only the steps a database has not seen, each once', () => {
    const db = new Database(':memory:');
    const steps = [
      { version: 1, name: 'one', sql: 'CREATE TABLE a (x)' },
      { version: 2, name: 'two', sql: 'CREATE TABLE b (x)' },
    ];
    expect(migrate(db, steps.slice(0, 1))).toBe(1);
    expect(migrate(db, steps)).toBe(2);
    expect(migrate(db, steps)).toBe(2);
    expect(() => migrate(db, [steps[1]!])).toThrow(StoreError);
    db.close();
  });

  it('rolls back a failing step, leaving the previous version intact', () => {
    const db = new Database(':memory:');
    const steps = [
      { version: 1, name: 'one', sql: 'CREATE TABLE a (x)' },
      { version: 2, name: 'broken', sql: 'CREATE TABLE b (x); CREATE TABLE a (y)' },
    ];
    expect(() => migrate(db, steps)).toThrow(/already exists/);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'b'`).get()).toEqual({ n: 0 });
    db.close();
  });
});

describe('subscriptions', () => {
  it('lists active ones only, and removing one is scoped to its guild and cascades its history', () => {
    const store = reopen();
    const a = store.subscriptions.add(SUB, T0);
    const b = store.subscriptions.add({ ...SUB, channelId: '200000000000000002' }, T0);
    store.subscriptions.setStatus(b.id, 'disabled', 'unknown channel', T0);
    expect(store.subscriptions.listActive().map((s) => s.id)).toEqual([a.id]);
    store.papers.recordShown(a.id, ['p1'], T0);
    expect(store.subscriptions.remove(a.id, 'another guild')).toBe(false);
    expect(store.subscriptions.remove(a.id, SUB.guildId)).toBe(true);
    expect(store.papers.shown(a.id).size).toBe(0);
    expect(store.subscriptions.listForGuild(SUB.guildId).map((s) => s.id)).toEqual([b.id]);
  });

  it('reactivating clears the reason', () => {
    const store = reopen();
    const a = store.subscriptions.add(SUB, T0);
    store.subscriptions.setStatus(a.id, 'paused', 'missing permissions', T0);
    store.subscriptions.setStatus(a.id, 'active', 'ignored', at(1));
    expect(store.subscriptions.get(a.id)).toMatchObject({ status: 'active', statusReason: null });
  });

  it('rejects out-of-range values at the schema', () => {
    const store = reopen();
    expect(() => store.subscriptions.add({ ...SUB, max: 11 }, T0)).toThrow(/CHECK/);
    expect(() => store.subscriptions.add({ ...SUB, time: '9am' }, T0)).toThrow(/CHECK/);
  });
});

describe('subscription drafts', () => {
  it('become a subscription once, for the user who made them, before they expire', () => {
    const store = reopen();
    const token = store.subscriptions.addDraft(SUB, T0, 15 * 60_000);
    expect(token).toMatch(/^[\w-]{12}$/);
    expect(store.subscriptions.confirmDraft(token, 'someone else', at(1))).toEqual({ kind: 'not-yours' });
    const done = store.subscriptions.confirmDraft(token, SUB.createdBy, at(1));
    expect(done).toMatchObject({ kind: 'subscribed', subscription: { ...SUB, createdAt: at(1).toISOString() } });
    expect(store.subscriptions.confirmDraft(token, SUB.createdBy, at(1))).toEqual({ kind: 'unknown' });
  });

  it('expire, and can be discarded', () => {
    const store = reopen();
    const late = store.subscriptions.addDraft(SUB, T0, 60_000);
    expect(store.subscriptions.confirmDraft(late, SUB.createdBy, at(2))).toEqual({ kind: 'expired' });
    const cancelled = store.subscriptions.addDraft(SUB, T0, 60_000);
    expect(store.subscriptions.discardDraft(cancelled, SUB.createdBy)).toBe(true);
    expect(store.subscriptions.confirmDraft(cancelled, SUB.createdBy, T0)).toEqual({ kind: 'unknown' });
    expect(store.subscriptions.listForGuild(SUB.guildId)).toEqual([]);
  });
});

describe('paper history', () => {
  it('keeps the earliest first-seen time of a paper', () => {
    const store = reopen();
    store.papers.recordPapers(['p1'], at(10));
    store.papers.recordPapers(['p1', 'p2'], at(5));
    store.papers.recordPapers(['p1', 'p2', 'p3'], at(20));
    expect(store.papers.firstSeen()).toEqual(
      new Map([
        ['p1', at(5).toISOString()],
        ['p2', at(5).toISOString()],
        ['p3', at(20).toISOString()],
      ]),
    );
    expect(store.papers.lastArrival()).toBe(at(20).toISOString());
  });
});

describe('digest ledger', () => {
  const claim = (store: Store, owner: string, minutes: number, localDate = '2025-03-01') =>
    store.ledger.claimScheduled({
      subscriptionId: 1,
      localDate,
      nonce: 'd1-20250301',
      owner,
      now: at(minutes),
      leaseMs: 120_000,
    });

  it('gives a slot to exactly one claim until its lease expires, then to the next owner', () => {
    const store = reopen();
    store.subscriptions.add(SUB, T0);
    expect(claim(store, 'a', 0).kind).toBe('claimed');
    expect(claim(store, 'b', 1).kind).toBe('held');
    expect(claim(store, 'a', 1).kind).toBe('held');
    const taken = claim(store, 'b', 4);
    expect(taken).toMatchObject({ kind: 'claimed', send: { claimedBy: 'b', attempts: 2, nonce: 'd1-20250301' } });
    store.ledger.markSent(taken.send.id, '42', at(5));
    expect(claim(store, 'a', 60)).toMatchObject({ kind: 'sent', send: { messageId: '42' } });
    expect(claim(store, 'a', 60, '2025-03-02').kind).toBe('claimed');
  });

  it('holds a slot claimed through another connection (another process) on the same file', () => {
    const one = reopen();
    const two = reopen();
    one.subscriptions.add(SUB, T0);
    const results = [claim(one, 'a', 0).kind, claim(two, 'b', 0).kind];
    expect(results).toEqual(['claimed', 'held']);
  });

  it('manual posts never take the scheduled slot, but count as the last digest', () => {
    const store = reopen();
    store.subscriptions.add(SUB, T0);
    const manual = store.ledger.startManual({
      subscriptionId: 1,
      localDate: '2025-03-01',
      nonce: 'm1-x',
      owner: 'a',
      now: at(0),
      leaseMs: 1,
    });
    store.ledger.markSent(manual.id, '7', at(1));
    expect(claim(store, 'a', 2).kind).toBe('claimed');
    expect(store.ledger.lastSent(1)).toMatchObject({ kind: 'manual', messageId: '7' });
  });

  it('release frees the day; postpone keeps the claim until the retry time', () => {
    const store = reopen();
    store.subscriptions.add(SUB, T0);
    const first = claim(store, 'a', 0);
    store.ledger.postpone(first.send.id, 'a', at(30), 'HTTP 503');
    expect(claim(store, 'b', 10).kind).toBe('held');
    expect(store.ledger.scheduledFor(1, '2025-03-01')?.lastError).toBe('HTTP 503');
    expect(claim(store, 'b', 31).kind).toBe('claimed');
    store.ledger.release(first.send.id, 'b');
    expect(store.ledger.scheduledFor(1, '2025-03-01')).toBeUndefined();
  });
});
