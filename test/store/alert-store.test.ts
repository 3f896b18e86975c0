// Personal alerts in the store, word for word the same from SQLite and from PostgreSQL: subscriptions of
// kind 'alert' kept apart from a guild's digests, the 10-per-user limit at confirmation, an empty day in
// the ledger, the remembered time zone and the notice given once, and /forget.
import { afterEach, describe, expect, it } from 'vitest';
import { ALERTS_PER_USER_MAX, type NewSubscription } from '../../src/core/digest/subscription.js';
import { forgetUser } from '../../src/store/forget-user.js';
import { testEngines } from './store-engines.js';

const NOW = new Date('2025-06-01T10:00:00Z');
const alert = (userId: string, topic = 'graph'): NewSubscription => ({
  kind: 'alert',
  guildId: 'g1',
  channelId: `dm-${userId}`,
  time: '08:00',
  timezone: 'Europe/Berlin',
  topic,
  max: 10,
  createdBy: userId,
});

for (const engine of testEngines()) {
  describe.skipIf(engine.skip)(`alerts in the store on ${engine.title}`, () => {
    afterEach(() => engine.cleanup());

    it('keeps alerts out of the guild’s digests, and lets only their user list or remove them', async () => {
      const store = await engine.fresh();
      const digest = await store.subscriptions.add({ ...alert('alice'), kind: 'digest', channelId: 'c1' }, NOW);
      const mine = await store.subscriptions.add(alert('alice'), NOW);
      expect(mine.kind).toBe('alert');
      expect(digest.kind).toBe('digest');
      expect((await store.subscriptions.listForGuild('g1')).map((s) => s.id)).toEqual([digest.id]);
      expect((await store.subscriptions.listForUser('alice')).map((s) => s.id)).toEqual([mine.id]);
      expect((await store.subscriptions.listActive()).map((s) => s.id)).toEqual([digest.id, mine.id]);
      expect(await store.subscriptions.remove(mine.id, 'g1')).toBe(false);
      expect(await store.subscriptions.removeAlert(mine.id, 'bob')).toBe(false);
      expect(await store.subscriptions.removeAlert(digest.id, 'alice')).toBe(false);
      expect(await store.subscriptions.removeAlert(mine.id, 'alice')).toBe(true);
      expect(await store.subscriptions.listForUser('alice')).toEqual([]);
    });

    it('confirms an alert draft as an alert, and refuses the eleventh', async () => {
      const store = await engine.fresh();
      for (let i = 1; i < ALERTS_PER_USER_MAX; i++) await store.subscriptions.add(alert('alice', `t${i}`), NOW);
      const tenth = await store.subscriptions.addDraft(alert('alice', 'tenth'), NOW, 60_000);
      const eleventh = await store.subscriptions.addDraft(alert('alice', 'eleventh'), NOW, 60_000);
      const saved = await store.subscriptions.confirmDraft(tenth, 'alice', NOW);
      expect(saved.kind === 'subscribed' && saved.subscription.kind).toBe('alert');
      expect(await store.subscriptions.confirmDraft(eleventh, 'alice', NOW)).toEqual({
        kind: 'too-many',
        max: ALERTS_PER_USER_MAX,
      });
      expect(await store.subscriptions.listForUser('alice')).toHaveLength(ALERTS_PER_USER_MAX);
    });

    it('records a day with nothing new as done: sent, with no message, never claimable again that day', async () => {
      const store = await engine.fresh();
      const sub = await store.subscriptions.add(alert('alice'), NOW);
      const request = {
        subscriptionId: sub.id,
        localDate: '2025-06-02',
        nonce: 'd1',
        owner: 'a',
        now: NOW,
        leaseMs: 60_000,
      };
      const claim = await store.ledger.claimScheduled(request);
      expect(claim.kind).toBe('claimed');
      await store.ledger.markEmpty(claim.send.id, new Date('2025-06-02T06:00:00Z'));
      const send = await store.ledger.scheduledFor(sub.id, '2025-06-02');
      expect(send).toMatchObject({ state: 'sent', messageId: null, paperIds: [], sentAt: '2025-06-02T06:00:00.000Z' });
      expect(
        (await store.ledger.claimScheduled({ ...request, owner: 'b', now: new Date('2025-06-02T09:00:00Z') })).kind,
      ).toBe('sent');
    });

    it('remembers a user’s time zone, gives a notice once, and forgets both with the alerts', async () => {
      const store = await engine.fresh();
      expect(await store.users.timezone('alice')).toBeUndefined();
      await store.users.setTimezone('alice', 'Europe/Berlin', NOW);
      await store.users.setNotice('alice', 'your alert #1 is paused', NOW);
      await store.users.setTimezone('alice', 'Asia/Tokyo', NOW);
      expect(await store.users.timezone('alice')).toBe('Asia/Tokyo');
      expect(await store.users.takeNotice('alice')).toBe('your alert #1 is paused');
      expect(await store.users.takeNotice('alice')).toBeUndefined();
      expect(await store.users.timezone('alice')).toBe('Asia/Tokyo');
      await store.subscriptions.add(alert('alice'), NOW);
      await store.subscriptions.add(alert('bob'), NOW);
      const report = await forgetUser(store, 'alice');
      expect(report.alerts).toBe(1);
      expect(await store.users.timezone('alice')).toBeUndefined();
      expect(await store.subscriptions.listForUser('alice')).toEqual([]);
      expect(await store.subscriptions.listForUser('bob')).toHaveLength(1);
    });
  });
}
