import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_TURNS, type Conversation, type Turn } from '../../src/core/answer/conversation.js';
import { CONVERSATION_TTL_MS } from '../../src/store/conversation-store.js';
import { forgetUser } from '../../src/store/forget-user.js';
import type { Store } from '../../src/store/store.js';
import { testEngines } from './store-engines.js';

const T0 = new Date('2026-03-01T08:00:00.000Z');
const later = (ms: number) => new Date(T0.getTime() + ms);

function turn(question: string, papers: string[]): Turn {
  return { question, reading: { kind: 'new', question, papers: [], why: '' }, papers };
}

const CONVERSATION: Conversation = {
  turns: [
    turn('which paper pre-trains on LiDAR point clouds?', ['pred', 'droppos']),
    {
      question: 'what mask ratio does it use?',
      reading: {
        kind: 'back',
        question: 'what mask ratio does use?',
        papers: ['pred'],
        why: 'from your last question',
      },
      papers: ['pred'],
    },
  ],
  focus: ['pred', 'droppos'],
};

for (const engine of testEngines()) {
  describe.skipIf(engine.skip)(`conversation store on ${engine.title}`, () => {
    afterEach(() => engine.cleanup());
    let opened = false;
    /** The first call opens a fresh store; later calls open it again (another process). */
    const reopen = async (): Promise<Store> => {
      const store = opened ? await engine.again() : await engine.fresh();
      opened = true;
      return store;
    };
    beforeEach(() => {
      opened = false;
    });

    it('keeps a conversation across close and reopen: turns, readings, papers and focus', async () => {
      const first = await reopen();
      await first.conversations.save('thread:1', CONVERSATION, { owner: 'u1', now: T0 });
      await first.close();
      const loaded = await (await reopen()).conversations.load('thread:1', later(60_000));
      expect(loaded).toEqual({ conversation: CONVERSATION, owner: 'u1', updatedAt: T0.toISOString() });
    });

    it('has nothing under a key never saved', async () => {
      expect(await (await reopen()).conversations.load('dm:9', T0)).toBeUndefined();
    });

    it('expires a day after the last turn; each turn starts the day again', async () => {
      const { conversations } = await reopen();
      await conversations.save('dm:1', CONVERSATION, { owner: 'u1', now: T0 });
      await conversations.save('dm:1', CONVERSATION, { owner: 'u1', now: later(CONVERSATION_TTL_MS - 1000) });
      expect(await conversations.load('dm:1', later(CONVERSATION_TTL_MS + 1000))).toBeDefined();
      expect(await conversations.load('dm:1', later(2 * CONVERSATION_TTL_MS))).toBeUndefined();
      // Loading an expired one deleted it: it does not come back for an earlier clock.
      expect(await conversations.load('dm:1', T0)).toBeUndefined();
    });

    it('purges expired conversations and keeps the others', async () => {
      const { conversations } = await reopen();
      await conversations.save('dm:old', CONVERSATION, { owner: 'u1', now: T0 });
      await conversations.save('dm:new', CONVERSATION, { owner: 'u2', now: later(CONVERSATION_TTL_MS / 2) });
      expect(await conversations.purgeExpired(later(CONVERSATION_TTL_MS))).toBe(1);
      expect(await conversations.load('dm:new', later(CONVERSATION_TTL_MS))).toBeDefined();
    });

    it(`keeps only the last ${MAX_TURNS} turns`, async () => {
      const { conversations } = await reopen();
      const turns = Array.from({ length: MAX_TURNS + 5 }, (_, i) => turn(`question ${i}`, []));
      await conversations.save('terminal:s', { turns, focus: [] }, { owner: null, now: T0 });
      const loaded = await conversations.load('terminal:s', T0);
      expect(loaded?.conversation.turns).toHaveLength(MAX_TURNS);
      expect(loaded?.conversation.turns[0]?.question).toBe('question 5');
    });

    it('drops one conversation by key', async () => {
      const { conversations } = await reopen();
      await conversations.save('terminal:s', CONVERSATION, { owner: null, now: T0 });
      expect(await conversations.drop('terminal:s')).toBe(true);
      expect(await conversations.drop('terminal:s')).toBe(false);
      expect(await conversations.load('terminal:s', T0)).toBeUndefined();
    });

    it('forgets every conversation a user owns and no one else’s; the owner stays who opened it', async () => {
      const store = await reopen();
      await store.conversations.save('dm:a', CONVERSATION, { owner: 'alice', now: T0 });
      await store.conversations.save('thread:1', CONVERSATION, { owner: 'alice', now: T0 });
      // bob asks in alice's thread: it stays alice's.
      await store.conversations.save('thread:1', CONVERSATION, { owner: 'bob', now: later(1) });
      await store.conversations.save('dm:b', CONVERSATION, { owner: 'bob', now: T0 });
      expect(await forgetUser(store, 'alice')).toEqual({ conversations: 2, votes: 0, alerts: 0 });
      expect(await store.conversations.load('thread:1', T0)).toBeUndefined();
      expect(await store.conversations.load('dm:b', T0)).toMatchObject({ owner: 'bob' });
      expect(await forgetUser(store, 'alice')).toEqual({ conversations: 0, votes: 0, alerts: 0 });
    });

    it('starts afresh from a row it cannot read (another version, damaged JSON)', async () => {
      const { conversations } = await reopen();
      // Rows written by another version: saved through the store, then overwritten by hand.
      await conversations.save('dm:x', CONVERSATION, { owner: 'u', now: T0 });
      await conversations.save('dm:y', CONVERSATION, { owner: 'u', now: T0 });
      await engine.exec('UPDATE conversations SET value = $1 WHERE key = $2', ['{"v":2}', 'dm:x']);
      await engine.exec('UPDATE conversations SET value = $1 WHERE key = $2', ['not json', 'dm:y']);
      expect(await conversations.load('dm:x', T0)).toBeUndefined();
      expect(await conversations.load('dm:y', T0)).toBeUndefined();
    });
  });
}
