import { beforeAll, describe, expect, it } from 'vitest';
import type { APIEmbed, APIMessage } from 'discord-api-types/v10';
import { QUESTION_MAX } from '../../src/discord/ask/ask-state.js';
import { expectWithinLimits } from '../discord/message-checks.js';
import { fixtureCorpus, startBotOnFake, type BotOnFake, botSuiteHooks } from './bot-harness.js';
import { failOnProcessErrors, startFakeDiscord, type FakeDiscord } from './fake-discord/index.js';

// Issue 12 ("Answers you can trust") end to end: the real bot and discord.js client against the fake
// Discord, which validates every payload. Asserts what a user sees: embed titles, fields and text.

const guard = failOnProcessErrors();
let fake: FakeDiscord;
let running: BotOnFake;

beforeAll(async () => {
  fake = await startFakeDiscord();
  running = await startBotOnFake(fake, await fixtureCorpus());
  guard.watch(running.bot.client);
});
botSuiteHooks(() => ({ fake, bot: running?.bot }));

async function ask(question: string): Promise<APIMessage> {
  const reply = await fake.dispatch.chatInput('ask', { question }).reply();
  expectWithinLimits(reply);
  return reply;
}

function field(embed: APIEmbed | undefined, name: string): string | undefined {
  return embed?.fields?.find((f) => f.name === name)?.value;
}

const NO_ANSWER = 'No paper answers that yet';

describe('/ask: answers you can trust', () => {
  it('names the words no paper contains for "which paper uses occupancy prediction", with suggestions', async () => {
    const reply = await ask('which paper uses occupancy prediction');
    expect(reply.embeds[0]?.title).toBe(NO_ANSWER);
    expect(reply.embeds[0]?.description).toContain('No paper contains: occupancy, prediction');
    expect(reply.embeds[0]?.description).toContain('Papers to try with `/paper`:\n• ');
  });

  it('says no paper contains "diffusion"', async () => {
    const reply = await ask('which paper uses diffusion models');
    expect(reply.embeds[0]?.title).toBe(NO_ANSWER);
    expect(reply.embeds[0]?.description).toContain('No paper contains: diffusion');
  });

  it('answers the batch size of DropPos with DropPos, saying "batch size" is not in it', async () => {
    const reply = await ask('what batch size does DropPos use for pre-training');
    const top = reply.embeds[0];
    expect(top?.title).toMatch(/^1 · DropPos: /);
    expect(field(top, 'Not in this paper')).toBe('DropPos does not mention “batch size”.');
    expect(field(top, 'Why it matched')).toBe('DropPos (title) · pre-training (title) · not found: batch, size');
  });

  it('answers how DropPos avoids trivial solutions with DropPos, what it lacks marked missing', async () => {
    const reply = await ask('how does DropPos avoid trivial solutions');
    const top = reply.embeds[0];
    expect(top?.title).toMatch(/^1 · DropPos: /);
    expect(field(top, 'Not in this paper')).toBe('DropPos does not mention “avoid trivial solutions”.');
    expect(field(top, 'Why it matched')).toContain('not found: avoid, trivial, solutions');
  });

  it('answers the mask ratio of PRED with PRED, nothing missing, every word found and where', async () => {
    const reply = await ask('what mask ratio does PRED use for point-wise masking');
    const top = reply.embeds[0];
    expect(top?.title).toMatch(/^1 · PRED: /);
    expect(reply.content).toContain('95%');
    expect(field(top, 'Not in this paper')).toBeUndefined();
    expect(field(top, 'Why it matched')).toBe(
      'mask (text) · ratio (text) · PRED (title, text) · point-wise (title, text)',
    );
  });

  it('answers a mention the same way: DropPos, "batch size" not in it', async () => {
    const question = fake.dispatch.mention('what batch size does DropPos use for pre-training');
    const reply = await fake.waitForChannelMessage(
      question.channel_id,
      (m) => m.author.id === fake.bot.id && m.message_reference?.message_id === question.id,
    );
    expectWithinLimits(reply);
    expect(reply.embeds[0]?.title).toMatch(/^1 · DropPos: /);
    expect(field(reply.embeds[0], 'Not in this paper')).toBe('DropPos does not mention “batch size”.');
  });
});

describe('/ask: bad input gets a clear reply, never an error', () => {
  it.each([
    ['only filler', 'which paper'],
    ['one character', 'x'],
    ['Chinese', '哪篇论文使用了扩散模型？'],
    ['Arabic', 'ما هي الورقة التي تستخدم نماذج الانتشار؟'],
    ['emoji', '🤖📄🔥 ❓'],
    ['maths notation', '∑ᵢ ∂f/∂xᵢ ≤ ε · ∫₀^∞ e^{-x²} dx'],
  ])('%s: %s', async (_what, question) => {
    const reply = await ask(question);
    expect(reply.embeds[0]?.title).toBe(NO_ANSWER);
    expect(reply.embeds[0]?.description).toMatch(
      /^(That question has only very common words|No paper in the corpus|Some papers share a word)/,
    );
    expect(reply.embeds[0]?.footer?.text).toBe(`Asked: ${question}`);
  });

  it(`answers a question of the most characters the option allows (${QUESTION_MAX})`, async () => {
    const question = 'what mask ratio does PRED use for point-wise masking '.repeat(10).slice(0, QUESTION_MAX);
    expect(question).toHaveLength(QUESTION_MAX);
    const reply = await ask(question);
    expect(reply.embeds[0]?.title).toMatch(/^1 · PRED: /);
  });

  it('answers a mention of 2,000 characters, the most a message holds', async () => {
    const mention = `<@${fake.bot.id}> `;
    const text = 'zebra '.repeat(400).slice(0, 2000 - mention.length);
    const question = fake.dispatch.mention(text);
    expect(question.content).toHaveLength(2000);
    const reply = await fake.waitForChannelMessage(
      question.channel_id,
      (m) => m.author.id === fake.bot.id && m.message_reference?.message_id === question.id,
    );
    expectWithinLimits(reply);
    expect(reply.embeds.length + reply.content.length).toBeGreaterThan(0);
  });
});
