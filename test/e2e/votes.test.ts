// Votes end to end: the real bot and digest job against the fake Discord. 👍 under public answers and
// digest posts counts once per member and paper, a second press takes it back, `/top` ranks what the
// server liked, and the next digest breaks ties by votes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIMessage } from 'discord.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/discord/bot.js';
import type { CorpusView } from '../../src/discord/command.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { captureLog, fixtureCorpus, botSuiteHooks, digestsOnFake, startBotOnFake } from './bot-harness.js';
import { failOnProcessErrors, startFakeDiscord, type FakeDiscord } from './fake-discord/index.js';

const guard = failOnProcessErrors();
let fake: FakeDiscord;
let corpus: CorpusView;
let dir: string;
let store: Store;
let bot: RunningBot;
const log = captureLog();

function voteButtons(message: APIMessage): { id: string; label: string }[] {
  return (message.components ?? []).flatMap((row) =>
    ((row as { components?: { custom_id?: string; label?: string }[] }).components ?? [])
      .filter((c) => c.custom_id?.startsWith('vote1:'))
      .map((c) => ({ id: c.custom_id!, label: c.label ?? '' })),
  );
}

beforeAll(async () => {
  fake = await startFakeDiscord();
  fake.clock.set(Date.parse('2025-06-02T06:00:00.000Z'));
  corpus = await fixtureCorpus();
  dir = mkdtempSync(join(tmpdir(), 'paperboy-votes-'));
  store = openSqliteStore(join(dir, 'paperboy.sqlite'));
  // Every paper arrived at once, so a digest of every paper is a tie that votes break.
  await store.papers.recordPapers(
    corpus.index.papers.map((p) => p.id),
    new Date('2025-06-01T00:00:00Z'),
  );
  const digests = digestsOnFake(fake, store, corpus, log.logger, () => undefined);
  ({ bot } = await startBotOnFake(fake, corpus, { log, digests, votes: store.votes }));
  guard.watch(bot.client);
});

botSuiteHooks(
  () => ({ fake, bot }),
  async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  },
);

describe('votes', () => {
  let answer: APIMessage;

  it('a public answer has a 👍 per paper, numbered as its papers are; a private one has none', async () => {
    answer = await fake.dispatch.chatInput('ask', { question: 'pre-training', public: true }).reply();
    const buttons = voteButtons(answer);
    expect(buttons.length).toBe(answer.embeds.length);
    expect(buttons.map((b) => b.label)).toEqual(buttons.map((_b, i) => `👍 ${i + 1}`));
    const privately = await fake.dispatch.chatInput('ask', { question: 'pre-training' }).reply();
    expect(voteButtons(privately)).toEqual([]);
  });

  it('counts a member’s vote once per paper, and a second press takes it back', async () => {
    const first = voteButtons(answer)[1]!;
    const paperId = first.id.slice('vote1:'.length);
    const title = corpus.index.paperById(paperId)!.title;
    const alice = await fake.dispatch.clickButton(answer, first.id, { user: 'alice' }).reply();
    expect(alice.flags! & 64).toBe(64);
    expect(alice.content).toContain('👍 Counted your vote for');
    expect(alice.content).toContain('1 vote in this server');
    const bob = await fake.dispatch.clickButton(answer, first.id, { user: 'bob' }).reply();
    expect(bob.content).toContain('2 votes in this server');
    const again = await fake.dispatch.clickButton(answer, first.id, { user: 'alice' }).reply();
    expect(again.content).toContain('Took back your vote');
    expect(again.content).toContain('1 vote left');
    const back = await fake.dispatch.clickButton(answer, first.id, { user: 'alice' }).reply();
    expect(back.content).toContain('2 votes in this server');
    expect(await store.votes.count(fake.guild.id)).toBe(2);
    expect(title.length).toBeGreaterThan(0);
  });

  it('/top lists the papers with the most votes, with their votes; a topic narrows it', async () => {
    const voted = voteButtons(answer)[1]!.id.slice('vote1:'.length);
    const other = voteButtons(answer)[0]!;
    await fake.dispatch.clickButton(answer, other.id, { user: 'bob' }).reply();
    const top = await fake.dispatch.chatInput('top', { period: 'week' }).reply();
    expect(top.content).toContain('🏆 **Top papers in this server** · the last 7 days');
    expect(top.embeds[0]!.title).toMatch(/^1 · 👍 2 · /);
    expect(top.embeds[0]!.title).toContain(corpus.index.paperById(voted)!.title.slice(0, 20));
    expect(top.embeds[1]!.title).toMatch(/^2 · 👍 1 · /);
    expect(voteButtons(top)).toHaveLength(2);
    const none = await fake.dispatch.chatInput('top', { topic: 'zzzzqqq' }).reply();
    expect(none.content).toContain('No votes in this server for papers on “zzzzqqq”');
    // A month later the week is empty but all time still counts them.
    fake.clock.advance(30 * 86_400_000);
    const week = await fake.dispatch.chatInput('top').reply();
    expect(week.content).toContain('No votes in this server');
    const all = await fake.dispatch.chatInput('top', { period: 'all' }).reply();
    expect(all.embeds).toHaveLength(2);
  });

  it('/about says how many votes are stored', async () => {
    const about = await fake.dispatch.chatInput('about').reply();
    const field = about.embeds[0]!.fields!.find((f) => f.name === 'Votes stored');
    expect(field?.value).toMatch(/^3 in this server/);
  });

  it('a digest of tied papers puts the voted ones first, says so, and carries 👍 buttons', async () => {
    const subscribe = async (channel: string) =>
      store.subscriptions.add(
        {
          guildId: fake.guild.id,
          channelId: fake.channel(channel).id,
          time: '07:00',
          timezone: 'UTC',
          topic: '',
          max: 10,
          createdBy: fake.user('alice').id,
        },
        new Date('2025-05-01T00:00:00Z'),
      );
    // The 👍 buttons name the papers, in the order of the cards.
    const order = (m: APIMessage) => voteButtons(m).map((b) => b.id.slice('vote1:'.length));
    const first = await subscribe('papers');
    await fake.dispatch.chatInput('digest now', { subscription: String(first.id) }).reply();
    const baselinePost = fake.channelMessages('papers').at(-1)!;
    const baseline = order(baselinePost);
    expect(baseline).toHaveLength(baselinePost.embeds.length);
    expect(voteButtons(baselinePost).map((b) => b.label)).toEqual(baseline.map((_t, i) => `👍 ${i + 1}`));
    // Vote from the digest post for its last paper, so that votes must move it up.
    const last = voteButtons(baselinePost).at(-1)!;
    await fake.dispatch.clickButton(baselinePost, last.id, { user: 'alice' }).reply();
    await fake.dispatch.clickButton(baselinePost, last.id, { user: 'bob' }).reply();
    const tally = await store.votes.tally(fake.guild.id, new Date(fake.clock.now() + 1));
    const votesOf = (id: string) => tally.get(id) ?? 0;
    const expected = [...baseline].sort((a, b) => votesOf(b) - votesOf(a));
    expect(expected).not.toEqual(baseline);

    fake.clock.advance(60_000);
    const second = await subscribe('general');
    await fake.dispatch.chatInput('digest now', { subscription: String(second.id) }).reply();
    const posted = fake.channelMessages('general').at(-1)!;
    expect(order(posted)).toEqual(expected);
    expect(order(posted).indexOf(last.id.slice('vote1:'.length))).toBeLessThan(baseline.length - 1);
    expect(posted.embeds.at(-1)!.footer!.text).toContain('equal matches ordered by votes');
  });
});
