import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, StoreError, migrate } from '../../../src/store/migrations.js';
import { openSqliteStore } from '../../../src/store/sqlite/open-sqlite-store.js';
import type { Store } from '../../../src/store/store.js';
import type { NewSubscription } from '../../../src/core/digest/subscription.js';

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
  const store = openSqliteStore(path);
  open.push(store);
  return store;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'paperboy-store-'));
  path = join(dir, 'data', 'paperboy.sqlite');
});
afterEach(() => {
  for (const store of open.splice(0)) void store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('openSqliteStore', () => {
  it('creates the data folder, migrates to the newest schema, and uses WAL with foreign keys', () => {
    const store = reopen();
    expect(store.schemaVersion).toBe(MIGRATIONS.length);
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    db.close();
  });

  it('loses nothing across close and reopen: subscriptions, ledger, first-seen and shown papers', async () => {
    const first = reopen();
    const sub = await first.subscriptions.add(SUB, T0);
    await first.subscriptions.setStatus(sub.id, 'paused', 'missing access to #papers', at(1));
    await first.papers.recordPapers(['p1', 'p2'], T0);
    await first.papers.recordShown(sub.id, ['p1'], at(2));
    const claim = await first.ledger.claimScheduled({
      subscriptionId: sub.id,
      localDate: '2025-03-01',
      nonce: `d${sub.id}-20250301`,
      owner: 'a',
      now: at(3),
      leaseMs: 60_000,
    });
    expect(claim.kind).toBe('claimed');
    await first.ledger.savePlan(claim.send.id, '{"content":"hi"}', ['p1']);
    await first.ledger.markSent({ ...claim.send, paperIds: ['p1'] }, '999', at(4));
    await first.close();
    open.splice(0);

    const second = reopen();
    expect(second.schemaVersion).toBe(MIGRATIONS.length);
    const again = await second.subscriptions.get(sub.id);
    expect(again).toMatchObject({ ...SUB, status: 'paused', statusReason: 'missing access to #papers' });
    expect(await second.papers.firstSeen()).toEqual(
      new Map([
        ['p1', T0.toISOString()],
        ['p2', T0.toISOString()],
      ]),
    );
    expect(await second.papers.shown(sub.id)).toEqual(new Map([['p1', at(4).toISOString()]]));
    expect(await second.ledger.lastSent(sub.id)).toMatchObject({
      state: 'sent',
      messageId: '999',
      payload: '{"content":"hi"}',
      paperIds: ['p1'],
      sentAt: at(4).toISOString(),
    });
  });

  it('upgrades a database from an older Paperboy without losing what it holds', async () => {
    const old = new Database(path.replace('/data/', '/'));
    migrate(old, MIGRATIONS.slice(0, 1));
    old
      .prepare(
        `INSERT INTO subscriptions (guild_id, channel_id, time, timezone, topic, max_papers, created_by, created_at, updated_at)
         VALUES ('1', '2', '09:00', 'UTC', 'graph', 3, '4', 'x', 'x')`,
      )
      .run();
    old.close();
    const store = openSqliteStore(path.replace('/data/', '/'));
    open.push(store);
    expect(store.schemaVersion).toBe(MIGRATIONS.length);
    expect(await store.subscriptions.get(1)).toMatchObject({ topic: 'graph', max: 3, status: 'active' });
  });

  it('refuses a database from a newer Paperboy, naming the versions', async () => {
    await reopen().close();
    open.splice(0);
    const db = new Database(path);
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    expect(() => openSqliteStore(path)).toThrow(
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
