import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';

const at = (iso: string) => new Date(iso);

describe('the vote store', () => {
  it('counts a member’s vote once per paper and guild; a second toggle withdraws it', async () => {
    const store = openStore(':memory:');
    const vote = { guildId: 'g1', userId: 'alice', paperId: 'p1' };
    expect(await store.votes.toggle(vote, at('2025-06-01T10:00:00Z'))).toEqual({ voted: true, votes: 1 });
    expect(await store.votes.toggle({ ...vote, userId: 'bob' }, at('2025-06-01T11:00:00Z'))).toEqual({
      voted: true,
      votes: 2,
    });
    // Another guild's vote for the same paper is that guild's.
    expect(await store.votes.toggle({ ...vote, guildId: 'g2' }, at('2025-06-01T11:00:00Z'))).toEqual({
      voted: true,
      votes: 1,
    });
    expect(await store.votes.toggle(vote, at('2025-06-01T12:00:00Z'))).toEqual({ voted: false, votes: 1 });
    expect(await store.votes.count('g1')).toBe(1);
    expect(await store.votes.count()).toBe(2);
    store.close();
  });

  it('ranks a guild’s papers by votes within a period, and tallies votes cast before an instant', async () => {
    const store = openStore(':memory:');
    const cast = (userId: string, paperId: string, iso: string) =>
      store.votes.toggle({ guildId: 'g', userId, paperId }, at(iso));
    await cast('a', 'old', '2025-05-01T00:00:00Z');
    await cast('b', 'old', '2025-05-01T00:00:00Z');
    await cast('c', 'old', '2025-05-01T00:00:00Z');
    await cast('a', 'new', '2025-06-01T00:00:00Z');
    await cast('b', 'new', '2025-06-01T00:00:00Z');
    await cast('a', 'newer', '2025-06-02T00:00:00Z');
    await store.votes.toggle({ guildId: 'other', userId: 'a', paperId: 'elsewhere' }, at('2025-06-02T00:00:00Z'));
    expect(await store.votes.top('g', null, 10)).toEqual([
      { paperId: 'old', votes: 3 },
      { paperId: 'new', votes: 2 },
      { paperId: 'newer', votes: 1 },
    ]);
    expect(await store.votes.top('g', at('2025-05-15T00:00:00Z'), 10)).toEqual([
      { paperId: 'new', votes: 2 },
      { paperId: 'newer', votes: 1 },
    ]);
    expect(await store.votes.top('g', null, 1)).toEqual([{ paperId: 'old', votes: 3 }]);
    expect(await store.votes.tally('g', at('2025-06-02T00:00:00Z'))).toEqual(
      new Map([
        ['old', 3],
        ['new', 2],
      ]),
    );
    store.close();
  });

  it('forgets every vote of one member, in every guild, and keeps the others', async () => {
    const store = openStore(':memory:');
    const now = at('2025-06-01T00:00:00Z');
    await store.votes.toggle({ guildId: 'g1', userId: 'alice', paperId: 'p' }, now);
    await store.votes.toggle({ guildId: 'g2', userId: 'alice', paperId: 'p' }, now);
    await store.votes.toggle({ guildId: 'g1', userId: 'bob', paperId: 'p' }, now);
    expect(await store.votes.forgetUser('alice')).toBe(2);
    expect(await store.votes.top('g1', null, 10)).toEqual([{ paperId: 'p', votes: 1 }]);
    expect(await store.votes.count('g2')).toBe(0);
    store.close();
  });
});
