// The store suite: the same behaviour, word for word, from SQLite and from PostgreSQL.
import { afterEach, describe, expect, it } from 'vitest';
import type { CorpusReload } from '../../src/core/paper/corpus-reload.js';
import type { NewSubscription } from '../../src/core/digest/subscription.js';
import { RELOADS_KEPT } from '../../src/store/reload-log.js';
import type { Store } from '../../src/store/store.js';
import { notePostgresSkipped, testEngines } from './store-engines.js';

notePostgresSkipped('the store suite');

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

const RELOAD: CorpusReload = {
  at: '2025-06-02T06:30:00.000Z',
  added: 1,
  replaced: 2,
  removed: 0,
  files: [
    { file: 'new.pdf', added: 1, replaced: 0, removed: 0, kept: false },
    { file: 'refs.bib', added: 0, replaced: 2, removed: 0, kept: false },
    { file: 'bad.pdf', added: 0, replaced: 0, removed: 0, kept: true },
  ],
  problems: [{ file: 'bad.pdf', line: 0, message: 'not a PDF' }],
};

const claim = (store: Store, owner: string, minutes: number, localDate = '2025-03-01', subscriptionId = 1) =>
  store.ledger.claimScheduled({
    subscriptionId,
    localDate,
    nonce: 'd1-20250301',
    owner,
    now: at(minutes),
    leaseMs: 120_000,
  });

for (const engine of testEngines()) {
  describe.skipIf(engine.skip)(engine.title, () => {
    afterEach(() => engine.cleanup());

    describe('the store', () => {
      it('loses nothing across close and reopen: subscriptions, ledger, first-seen and shown papers', async () => {
        const first = await engine.fresh();
        const sub = await first.subscriptions.add(SUB, T0);
        await first.subscriptions.setStatus(sub.id, 'paused', 'missing access to #papers', at(1));
        await first.papers.recordPapers(['p1', 'p2'], T0);
        await first.papers.recordShown(sub.id, ['p1'], at(2));
        const claimed = await claim(first, 'a', 3, '2025-03-01', sub.id);
        expect(claimed.kind).toBe('claimed');
        await first.ledger.savePlan(claimed.send.id, '{"content":"hi"}', ['p1', 'p3']);
        const planned = (await first.ledger.get(claimed.send.id))!;
        await first.ledger.markSent(planned, '999', at(4));
        await first.close();

        const second = await engine.again();
        expect(second.schemaVersion).toBe(first.schemaVersion);
        expect(await second.subscriptions.get(sub.id)).toMatchObject({
          ...SUB,
          status: 'paused',
          statusReason: 'missing access to #papers',
          createdAt: T0.toISOString(),
          updatedAt: at(1).toISOString(),
        });
        expect(await second.papers.firstSeen()).toEqual(
          new Map([
            ['p1', T0.toISOString()],
            ['p2', T0.toISOString()],
          ]),
        );
        // markSent recorded the papers the digest showed, in the same transaction.
        expect(await second.papers.shown(sub.id)).toEqual(
          new Map([
            ['p1', at(4).toISOString()],
            ['p3', at(4).toISOString()],
          ]),
        );
        expect(await second.ledger.lastSent(sub.id)).toMatchObject({
          state: 'sent',
          messageId: '999',
          payload: '{"content":"hi"}',
          paperIds: ['p1', 'p3'],
          sentAt: at(4).toISOString(),
          claimedAt: at(3).toISOString(),
          leaseExpiresAt: at(5).toISOString(),
        });
      });
    });

    describe('subscriptions', () => {
      it('lists active ones only, and removing one is scoped to its guild and cascades its history', async () => {
        const store = await engine.fresh();
        const a = await store.subscriptions.add(SUB, T0);
        const b = await store.subscriptions.add({ ...SUB, channelId: '200000000000000002' }, T0);
        await store.subscriptions.setStatus(b.id, 'disabled', 'unknown channel', T0);
        expect((await store.subscriptions.listActive()).map((s) => s.id)).toEqual([a.id]);
        await store.papers.recordShown(a.id, ['p1'], T0);
        await claim(store, 'x', 0, '2025-03-01', a.id);
        expect(await store.subscriptions.remove(a.id, 'another guild')).toBe(false);
        expect(await store.subscriptions.remove(a.id, SUB.guildId)).toBe(true);
        expect((await store.papers.shown(a.id)).size).toBe(0);
        expect(await store.ledger.history(a.id)).toEqual([]);
        expect((await store.subscriptions.listForGuild(SUB.guildId)).map((s) => s.id)).toEqual([b.id]);
        expect(await store.subscriptions.setStatus(9999, 'active', null, T0)).toBe(false);
      });

      it('reactivating clears the reason', async () => {
        const store = await engine.fresh();
        const a = await store.subscriptions.add(SUB, T0);
        await store.subscriptions.setStatus(a.id, 'paused', 'missing permissions', T0);
        await store.subscriptions.setStatus(a.id, 'active', 'ignored', at(1));
        expect(await store.subscriptions.get(a.id)).toMatchObject({ status: 'active', statusReason: null });
        expect(await store.subscriptions.get(a.id + 1000)).toBeUndefined();
      });

      it('rejects out-of-range values at the schema', async () => {
        const store = await engine.fresh();
        await expect(store.subscriptions.add({ ...SUB, max: 11 }, T0)).rejects.toThrow(/check/i);
        await expect(store.subscriptions.add({ ...SUB, time: '9am' }, T0)).rejects.toThrow(/check/i);
        expect(store.isTransient(await store.subscriptions.add({ ...SUB, max: 0 }, T0).catch((e) => e))).toBe(false);
      });
    });

    describe('subscription drafts', () => {
      it('become a subscription once, for the user who made them, before they expire', async () => {
        const store = await engine.fresh();
        const token = await store.subscriptions.addDraft(SUB, T0, 15 * 60_000);
        expect(token).toMatch(/^[\w-]{12}$/);
        expect(await store.subscriptions.confirmDraft(token, 'someone else', at(1))).toEqual({ kind: 'not-yours' });
        const done = await store.subscriptions.confirmDraft(token, SUB.createdBy, at(1));
        expect(done).toMatchObject({ kind: 'subscribed', subscription: { ...SUB, createdAt: at(1).toISOString() } });
        expect(await store.subscriptions.confirmDraft(token, SUB.createdBy, at(1))).toEqual({ kind: 'unknown' });
      });

      it('expire, and can be discarded', async () => {
        const store = await engine.fresh();
        const late = await store.subscriptions.addDraft(SUB, T0, 60_000);
        expect(await store.subscriptions.confirmDraft(late, SUB.createdBy, at(2))).toEqual({ kind: 'expired' });
        const cancelled = await store.subscriptions.addDraft(SUB, T0, 60_000);
        expect(await store.subscriptions.discardDraft(cancelled, 'someone else')).toBe(false);
        expect(await store.subscriptions.discardDraft(cancelled, SUB.createdBy)).toBe(true);
        expect(await store.subscriptions.confirmDraft(cancelled, SUB.createdBy, T0)).toEqual({ kind: 'unknown' });
        expect(await store.subscriptions.listForGuild(SUB.guildId)).toEqual([]);
      });

      it('subscribe once when two processes confirm the same draft at once', async () => {
        const one = await engine.fresh();
        const two = await engine.again();
        const token = await one.subscriptions.addDraft(SUB, T0, 60_000);
        const results = await Promise.all([
          one.subscriptions.confirmDraft(token, SUB.createdBy, T0),
          two.subscriptions.confirmDraft(token, SUB.createdBy, T0),
        ]);
        expect(results.map((r) => r.kind).sort()).toEqual(['subscribed', 'unknown']);
        expect(await one.subscriptions.listForGuild(SUB.guildId)).toHaveLength(1);
      });
    });

    describe('paper history', () => {
      it('keeps the earliest first-seen time of a paper, whatever the order of the writes', async () => {
        const store = await engine.fresh();
        await store.papers.recordPapers(['p1'], at(10));
        await store.papers.recordPapers(['p1', 'p2', 'p2'], at(5));
        await store.papers.recordPapers(['p1', 'p2', 'p3'], at(20));
        await store.papers.recordPapers([], at(30));
        expect(await store.papers.firstSeen()).toEqual(
          new Map([
            ['p1', at(5).toISOString()],
            ['p2', at(5).toISOString()],
            ['p3', at(20).toISOString()],
          ]),
        );
        expect(await store.papers.lastArrival()).toBe(at(20).toISOString());
      });

      it('has no last arrival before the first paper, and records many papers in one call', async () => {
        const store = await engine.fresh();
        expect(await store.papers.lastArrival()).toBeNull();
        const ids = Array.from({ length: 25_000 }, (_, i) => `paper-${i}`);
        await store.papers.recordPapers(ids, T0);
        expect((await store.papers.firstSeen()).size).toBe(25_000);
      });
    });

    describe('digest ledger', () => {
      it('gives a slot to exactly one claim until its lease expires, then to the next owner', async () => {
        const store = await engine.fresh();
        await store.subscriptions.add(SUB, T0);
        expect((await claim(store, 'a', 0)).kind).toBe('claimed');
        expect((await claim(store, 'b', 1)).kind).toBe('held');
        expect((await claim(store, 'a', 1)).kind).toBe('held');
        const taken = await claim(store, 'b', 4);
        expect(taken).toMatchObject({ kind: 'claimed', send: { claimedBy: 'b', attempts: 2, nonce: 'd1-20250301' } });
        await store.ledger.markSent(taken.send, '42', at(5));
        expect(await claim(store, 'a', 60)).toMatchObject({ kind: 'sent', send: { messageId: '42' } });
        expect((await claim(store, 'a', 60, '2025-03-02')).kind).toBe('claimed');
      });

      it('gives a slot to exactly one of many processes claiming at once', async () => {
        const first = await engine.fresh();
        await first.subscriptions.add(SUB, T0);
        const others = await Promise.all([engine.again(), engine.again(), engine.again()]);
        const results = await Promise.all(
          [first, ...others].flatMap((store, i) => [claim(store, `p${i}`, 0), claim(store, `q${i}`, 0)]),
        );
        expect(results.filter((r) => r.kind === 'claimed')).toHaveLength(1);
        expect(results.filter((r) => r.kind === 'held')).toHaveLength(7);
        // Once the lease is out, again exactly one takes it over.
        const later = await Promise.all([first, ...others].map((store, i) => claim(store, `r${i}`, 5)));
        expect(later.filter((r) => r.kind === 'claimed')).toHaveLength(1);
      });

      it('manual posts never take the scheduled slot, but count as the last digest', async () => {
        const store = await engine.fresh();
        await store.subscriptions.add(SUB, T0);
        const manual = await store.ledger.startManual({
          subscriptionId: 1,
          localDate: '2025-03-01',
          nonce: 'm1-x',
          owner: 'a',
          now: at(0),
          leaseMs: 1,
        });
        expect(manual).toMatchObject({ kind: 'manual', state: 'claimed', payload: null, paperIds: null });
        await store.ledger.markSent(manual, '7', at(1));
        expect((await claim(store, 'a', 2)).kind).toBe('claimed');
        expect(await store.ledger.lastSent(1)).toMatchObject({ kind: 'manual', messageId: '7' });
        expect((await store.ledger.history(1)).map((s) => s.kind)).toEqual(['scheduled', 'manual']);
      });

      it('release frees the day; postpone keeps the claim until the retry time', async () => {
        const store = await engine.fresh();
        await store.subscriptions.add(SUB, T0);
        const first = await claim(store, 'a', 0);
        await store.ledger.postpone(first.send.id, 'a', at(30), 'HTTP 503');
        expect((await claim(store, 'b', 10)).kind).toBe('held');
        expect((await store.ledger.scheduledFor(1, '2025-03-01'))?.lastError).toBe('HTTP 503');
        expect((await claim(store, 'b', 31)).kind).toBe('claimed');
        await store.ledger.release(first.send.id, 'a'); // not a's any more: kept
        expect(await store.ledger.scheduledFor(1, '2025-03-01')).toBeDefined();
        await store.ledger.release(first.send.id, 'b');
        expect(await store.ledger.scheduledFor(1, '2025-03-01')).toBeUndefined();
      });

      it('giving up drops the claim and pauses the subscription together', async () => {
        const store = await engine.fresh();
        const sub = await store.subscriptions.add(SUB, T0);
        const first = await claim(store, 'a', 0, '2025-03-01', sub.id);
        await store.ledger.giveUp(first.send, 'a', { status: 'paused', reason: 'Missing Access', now: at(1) });
        expect(await store.ledger.scheduledFor(sub.id, '2025-03-01')).toBeUndefined();
        expect(await store.subscriptions.get(sub.id)).toMatchObject({
          status: 'paused',
          statusReason: 'Missing Access',
          updatedAt: at(1).toISOString(),
        });
      });
    });

    describe('the reload log', () => {
      it('keeps the latest reloads of each corpus, newest first, across close and reopen', async () => {
        const store = await engine.fresh();
        await store.reloads.record('/srv/corpus', { ...RELOAD, at: '2025-06-02T06:00:00.000Z', added: 9 });
        await store.reloads.record('/srv/corpus', RELOAD);
        await store.reloads.record('/srv/other', { ...RELOAD, added: 5 });
        await store.close();
        const reader = await engine.again();
        expect(await reader.reloads.last('/srv/corpus')).toEqual(RELOAD);
        expect((await reader.reloads.recent('/srv/corpus', 5)).map((r) => r.added)).toEqual([1, 9]);
        expect(await reader.reloads.last('/srv/nowhere')).toBeUndefined();
      });

      it(`keeps only the latest ${RELOADS_KEPT} reloads of a corpus`, async () => {
        const store = await engine.fresh();
        for (let i = 0; i < RELOADS_KEPT + 7; i++) await store.reloads.record('/c', { ...RELOAD, added: i });
        const kept = await store.reloads.recent('/c', 1000);
        expect(kept).toHaveLength(RELOADS_KEPT);
        expect(kept[0]!.added).toBe(RELOADS_KEPT + 6);
      });
    });
  });
}
