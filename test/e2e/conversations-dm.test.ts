import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { GatewayIntentBits, MessageFlags, type APIMessage } from 'discord-api-types/v10';
import type { CorpusView } from '../../src/discord/command.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { buttonId, fixtureCorpus, startBotOnFake, type BotOnFake, botSuiteHooks } from './bot-harness.js';
import { failOnProcessErrors, startFakeDiscord, type FakeDiscord } from './fake-discord/index.js';

// DM conversations and /forget, end to end: the real discord.js client against the fake Discord.

const LIDAR = 'which paper pre-trains on LiDAR point clouds?';
const READ_BACK = 'about PRED, from your last question';

const guard = failOnProcessErrors();
let fake: FakeDiscord;
let corpus: CorpusView;
let dir: string;
let store: Store;
let running: BotOnFake;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paperboy-dms-'));
  store = openSqliteStore(join(dir, 'paperboy.sqlite'));
  fake = await startFakeDiscord();
  corpus = await fixtureCorpus();
  running = await startBotOnFake(fake, corpus, { store, votes: store.votes });
  guard.watch(running.bot.client);
});

botSuiteHooks(
  () => ({ fake, bot: running?.bot }),
  async () => {
    store?.close();
    rmSync(dir, { recursive: true, force: true });
  },
);

/** Sends `text` to the bot by DM as `user` and resolves with the bot's answer. */
async function dm(text: string, user = 'alice'): Promise<APIMessage> {
  const sent = fake.dispatch.directMessage(text, { user });
  return fake.waitFor(
    () => fake.threads.dmMessages(user).find((m) => m.message_reference?.message_id === sent.id),
    () => `an answer to ${user}'s DM ${JSON.stringify(text)}`,
  );
}

describe('DM conversations', () => {
  it('asks for DirectMessages, which is not privileged', () => {
    const identify = fake.gateway.log.find((e) => e.direction === 'received' && e.intents !== undefined);
    expect((identify?.intents ?? 0) & GatewayIntentBits.DirectMessages).toBeTruthy();
  });

  it('reads a DM conversation as one: a follow-up is answered from the paper in focus', async () => {
    const first = await dm(LIDAR);
    expect(first.embeds[0]?.title).toMatch(/^1 · PRED/);
    expect(first.content).not.toContain('from your last question');
    const second = await dm('what mask ratio does it use?');
    expect(second.content).toContain(READ_BACK);
    expect(second.content).toContain('95%');
    const fresh = await dm('new: does it use positional embeddings?');
    expect(fresh.content).not.toContain('from your last question');
    expect(fresh.embeds[0]?.title).toMatch(/^1 · DropPos/);
  });

  it('keeps each user’s DM conversation apart', async () => {
    await dm(LIDAR, 'alice');
    const bobs = await dm('what mask ratio does it use?', 'bob');
    expect(bobs.content).not.toContain('from your last question');
  });
});

describe('/forget', () => {
  it("drops the caller's DM conversation and the threads they opened, and no one else's", async () => {
    await dm(LIDAR, 'alice');
    await dm(LIDAR, 'bob');
    const answer = await fake.dispatch.chatInput('ask', { question: LIDAR }).reply();
    const note = await fake.dispatch.clickButton(answer, buttonId(answer, 'ask1:t:')).reply();
    const threadId = /<#(\d+)>/.exec(note.content)?.[1] ?? '';

    const forgot = await fake.dispatch.chatInput('forget').reply();
    expect((forgot.flags ?? 0) & MessageFlags.Ephemeral).toBeTruthy();
    expect(forgot.content).toContain('Forgotten: 2 conversations');

    const now = new Date(fake.clock.now());
    expect(await store.conversations.load(`thread:${threadId}`, now)).toBeUndefined();
    expect((await dm('what mask ratio does it use?', 'alice')).content).not.toContain('from your last question');
    expect((await dm('what mask ratio does it use?', 'bob')).content).toContain(READ_BACK);

    // Only the conversation begun just now is left to forget.
    expect((await fake.dispatch.chatInput('forget').reply()).content).toContain('Forgotten: 1 conversation ');
  });

  it('drops the caller’s votes too', async () => {
    const answer = await fake.dispatch.chatInput('ask', { question: LIDAR, public: true }, { user: 'bob' }).reply();
    await fake.dispatch.clickButton(answer, buttonId(answer, 'vote1:'), { user: 'bob' }).reply();
    expect(await store.votes.count()).toBe(1);
    const forgot = await fake.dispatch.chatInput('forget', {}, { user: 'bob' }).reply();
    expect(forgot.content).toMatch(/Forgotten: .*1 vote\b/);
    expect(await store.votes.count()).toBe(0);
  });

  it('says so when there is nothing to forget', async () => {
    const reply = await fake.dispatch.chatInput('forget', {}, { user: 'bob' }).reply();
    expect(reply.content).toMatch(/Forgotten: 1 conversation|nothing to forget/);
    const again = await fake.dispatch.chatInput('forget', {}, { user: 'bob' }).reply();
    expect(again.content).toContain('nothing to forget');
  });
});
