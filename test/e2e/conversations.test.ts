import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MessageFlags, type APIMessage } from 'discord-api-types/v10';
import type { CorpusView } from '../../src/discord/command.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { expectInert, expectWithinLimits } from '../discord/message-checks.js';
import { buttonId, fixtureCorpus, startBotOnFake, type BotOnFake, botSuiteHooks } from './bot-harness.js';
import { failOnProcessErrors, startFakeDiscord, type FakeDiscord } from './fake-discord/index.js';

// Conversations in threads, end to end: the real discord.js client against the fake Discord, which checks every
// thread route and body against Discord's OpenAPI description; the store is a real SQLite file.

const LIDAR = 'which paper pre-trains on LiDAR point clouds?';
const READ_BACK = 'about PRED, from your last question';

const guard = failOnProcessErrors();
let fake: FakeDiscord;
let corpus: CorpusView;
let dir: string;
let store: Store;
let running: BotOnFake;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paperboy-threads-'));
  store = openSqliteStore(join(dir, 'paperboy.sqlite'));
  fake = await startFakeDiscord();
  corpus = await fixtureCorpus();
  running = await startBotOnFake(fake, corpus, { store });
  guard.watch(running.bot.client);
});

botSuiteHooks(
  () => ({ fake, bot: running?.bot }),
  async () => {
    store?.close();
    rmSync(dir, { recursive: true, force: true });
  },
);

/** `/ask LIDAR` privately, then Follow up: the thread's id, its starter (the public copy) and the private note. */
async function openThread(user = 'alice'): Promise<{ threadId: string; note: APIMessage; answer: APIMessage }> {
  const answer = await fake.dispatch.chatInput('ask', { question: LIDAR }, { user }).reply();
  const note = await fake.dispatch.clickButton(answer, buttonId(answer, 'ask1:t:'), { user }).reply();
  const threadId = /<#(\d+)>/.exec(note.content)?.[1];
  if (!threadId) throw new Error(`no thread in ${JSON.stringify(note.content)}`);
  return { threadId, note, answer };
}

/** The bot's reply to `question` in `channel`. */
function replyTo(channel: string, question: APIMessage): Promise<APIMessage> {
  return fake.waitForChannelMessage(channel, (m) => m.message_reference?.message_id === question.id);
}

/** Resolves once the bot logged `msg` about `message`. */
function logged(msg: string, message: APIMessage): Promise<unknown> {
  return fake.waitFor(
    () => running.log.lines.find((l) => l.msg === msg && l.message === message.id),
    () => `a log line "${msg}" for message ${message.id}`,
  );
}

describe('Follow up: a thread on a public copy of the answer', () => {
  it('opens a thread Paperboy owns on a public copy, says how to go on, and tells the clicker privately', async () => {
    const { threadId, note, answer } = await openThread();
    expect((answer.flags ?? 0) & MessageFlags.Ephemeral).toBeTruthy();
    expect((note.flags ?? 0) & MessageFlags.Ephemeral).toBeTruthy();
    expect(note.content).toContain('Follow-up thread opened');
    const thread = fake.threads.get(threadId);
    expect(thread.thread).toMatchObject({ ownerId: fake.bot.id, parentId: fake.channel('general').id });
    expect(thread.name).toBe(LIDAR);
    // A thread started from a message takes its id: the starter is the public copy, without a Follow up button.
    const starter = fake.channelMessages('general').find((m) => m.id === threadId);
    expect(starter?.embeds[0]?.title).toMatch(/^1 · PRED/);
    expect(() => buttonId(starter!, 'ask1:t:')).toThrow();
    const intro = await fake.waitForChannelMessage(threadId, (m) => m.author.id === fake.bot.id);
    expect(intro.content).toContain('mention me or reply to one of my messages');
    const start = fake.requests.find((r) => r.route === '/channels/{channel_id}/messages/{message_id}/threads');
    expect(start?.body).toMatchObject({ name: LIDAR, auto_archive_duration: 1440 });
  });

  it('answers follow-ups by mention and by reply in the thread, read against the conversation', async () => {
    const { threadId } = await openThread();
    const byMention = fake.dispatch.mention('what mask ratio does it use?', { channel: threadId });
    const first = await replyTo(threadId, byMention);
    expect(first.content).toContain(`(${READ_BACK}; \`new:\` starts afresh)`);
    expect(first.content).toContain('95%');
    expect(first.embeds.map((e) => e.title)).toEqual([expect.stringMatching(/^1 · PRED/)]);
    expect(first.components ?? []).toEqual([]);
    expectWithinLimits(first);
    expectInert(first);

    // bob replies to the bot's answer without mentioning it: a turn too.
    const byReply = fake.dispatch.reply('does it use positional embeddings?', first, { user: 'bob' });
    const second = await replyTo(threadId, byReply);
    expect(second.content).toContain(READ_BACK);
    expect(second.embeds.map((e) => e.title)).toEqual([expect.stringMatching(/^1 · PRED/)]);
    expect(JSON.stringify(second.embeds)).toContain('not found: positional, embeddings');

    // Naming another paper moves the focus; `compare them` then takes both.
    const named = await replyTo(threadId, fake.dispatch.mention('what about DropPos?', { channel: threadId }));
    expect(named.content).toContain('about DropPos, as you named it');
    const compared = await replyTo(threadId, fake.dispatch.mention('compare them', { channel: threadId }));
    expect(compared.content).toContain('about DropPos and PRED, side by side');
  });

  it('ignores messages in the thread that neither mention Paperboy nor reply to it', async () => {
    const { threadId } = await openThread();
    const chatter = fake.dispatch.message('I think the mask ratio is high', { channel: threadId });
    const asked = fake.dispatch.mention('what mask ratio does it use?', { channel: threadId });
    await replyTo(threadId, asked);
    expect(fake.channelMessages(threadId).some((m) => m.message_reference?.message_id === chatter.id)).toBe(false);
  });

  it('takes /ask inside the thread as a turn, answered in the thread for everyone', async () => {
    const { threadId } = await openThread();
    const reply = await fake.dispatch
      .chatInput('ask', { question: 'what mask ratio does it use?' }, { channel: threadId })
      .reply();
    expect((reply.flags ?? 0) & MessageFlags.Ephemeral).toBeFalsy();
    expect(reply.channel_id).toBe(threadId);
    expect(reply.content).toContain(READ_BACK);
  });

  it('keeps mentions in an ordinary channel one-shot', async () => {
    await openThread();
    const asked = fake.dispatch.mention('what mask ratio does it use?', { channel: 'papers' });
    const reply = await replyTo('papers', asked);
    expect(reply.content).not.toContain('from your last question');
  });

  it('opens the thread on the answer itself when it is already public, for whoever clicks', async () => {
    const answer = await fake.dispatch.chatInput('ask', { question: LIDAR, public: true }).reply();
    const note = await fake.dispatch.clickButton(answer, buttonId(answer, 'ask1:t:'), { user: 'bob' }).reply();
    expect(note.content).toContain(`<#${answer.id}>`);
    const kept = await store.conversations.load(`thread:${answer.id}`, new Date(fake.clock.now()));
    expect(kept?.owner).toBe(fake.user('bob').id);
    expect(kept?.conversation.turns.map((t) => t.question)).toEqual([LIDAR]);
  });

  it('points a second click on the same answer at the thread it opened', async () => {
    const { threadId, answer } = await openThread();
    const again = await fake.dispatch.clickButton(answer, buttonId(answer, 'ask1:t:')).reply();
    expect(again.content).toContain(`already has a follow-up thread: <#${threadId}>`);
    expect(fake.world.threads.filter((t) => t.id === threadId)).toHaveLength(1);
  });

  it('says privately that it cannot open a thread when it lacks the permission, leaving no stray copy', async () => {
    const answer = await fake.dispatch.chatInput('ask', { question: LIDAR }).reply();
    fake.faults.missingPermissions('POST /channels/{channel_id}/messages/{message_id}/threads');
    const before = fake.channelMessages('general').length;
    const note = await fake.dispatch.clickButton(answer, buttonId(answer, 'ask1:t:')).reply();
    expect(note.content).toContain('I cannot open a thread in this channel');
    expect(fake.channelMessages('general')).toHaveLength(before);
  });
});

describe("Discord's thread rules", () => {
  it('reopens an archived thread once to post its answer', async () => {
    const { threadId } = await openThread();
    fake.threads.archive(threadId);
    const asked = fake.dispatch.mention('what mask ratio does it use?', { channel: threadId });
    const reply = await replyTo(threadId, asked);
    expect(reply.content).toContain(READ_BACK);
    expect(fake.threads.get(threadId).thread?.archived).toBe(false);
    const reopen = fake.requests.filter((r) => r.method === 'PATCH' && r.path === `/channels/${threadId}`);
    expect(reopen.map((r) => [r.body, r.status])).toEqual([[{ archived: false }, 200]]);
  });

  it('stays out of a locked thread, and answers /ask there privately without adding to the conversation', async () => {
    const { threadId } = await openThread();
    fake.threads.lock(threadId);
    const asked = fake.dispatch.mention('what mask ratio does it use?', { channel: threadId });
    await logged('thread locked', asked);
    const answered = fake.requests.filter(
      (r) => (r.body as { message_reference?: { message_id?: string } })?.message_reference?.message_id === asked.id,
    );
    expect(answered).toEqual([]);
    const reply = await fake.dispatch
      .chatInput('ask', { question: 'what about DropPos?' }, { channel: threadId })
      .reply();
    expect((reply.flags ?? 0) & MessageFlags.Ephemeral).toBeTruthy();
    expect(reply.content).toContain('This thread is locked');
    expect(reply.content).toContain('about DropPos, as you named it');
    const kept = await store.conversations.load(`thread:${threadId}`, new Date(fake.clock.now()));
    expect(kept?.conversation.turns.map((t) => t.question)).toEqual([LIDAR]);
  });

  it('after losing permission in a thread, tells the asker once by DM and stops trying there', async () => {
    const { threadId } = await openThread();
    fake.faults.missingPermissions(`POST /channels/${threadId}/messages`, { times: Infinity });
    const first = fake.dispatch.mention('what mask ratio does it use?', { channel: threadId });
    const dm = await fake.waitFor(
      () => fake.threads.dmMessages('alice').find((m) => m.content.includes('I can no longer post in the thread')),
      () => 'a DM to alice',
    );
    expect(dm.content).toContain(`<#${threadId}>`);
    const second = fake.dispatch.mention('and the batch size?', { channel: threadId });
    await logged('thread muted: cannot post there', second);
    const refused = fake.requests.filter((r) => r.path === `/channels/${threadId}/messages` && r.status === 403);
    expect(refused).toHaveLength(1);
    expect(fake.threads.dmMessages('alice').filter((m) => m.author.id === fake.bot.id)).toHaveLength(1);
    expect(first.id).not.toBe(second.id);
  });

  it('goes on after the starter message was deleted: the conversation is in the store, not in the message', async () => {
    const { threadId } = await openThread();
    fake.threads.deleteMessage('general', threadId);
    const reply = await replyTo(threadId, fake.dispatch.mention('what mask ratio does it use?', { channel: threadId }));
    expect(reply.content).toContain(READ_BACK);
  });
});

describe('a restart in the middle of a conversation', () => {
  it('continues it: a new client on the same store file reads the thread against the turns before', async () => {
    const { threadId } = await openThread();
    await replyTo(threadId, fake.dispatch.mention('what mask ratio does it use?', { channel: threadId }));
    await running.bot.stop(1000);
    const again = openSqliteStore(join(dir, 'paperboy.sqlite'));
    try {
      running = await startBotOnFake(fake, corpus, { store: again });
      guard.watch(running.bot.client);
      const reply = await replyTo(
        threadId,
        fake.dispatch.mention('does it use positional embeddings?', { channel: threadId }),
      );
      expect(reply.content).toContain(READ_BACK);
      const kept = await again.conversations.load(`thread:${threadId}`, new Date(fake.clock.now()));
      expect(kept?.conversation.turns).toHaveLength(3);
      expect(kept?.owner).toBe(fake.user('alice').id);
    } finally {
      await running.bot.stop(1000);
      await again.close();
      running = await startBotOnFake(fake, corpus, { store });
      guard.watch(running.bot.client);
    }
  });
});
