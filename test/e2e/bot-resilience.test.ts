import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApplicationCommandType } from 'discord.js';
import { GatewayCloseCodes, InteractionResponseType } from 'discord-api-types/v10';
import { BotLoginError, runBot, startBot } from '../../src/discord/bot.js';
import type { Command, CorpusView } from '../../src/discord/command.js';
import { COMMANDS } from '../../src/discord/commands/index.js';
import { message } from '../../src/discord/format/format-message.js';
import { captureLog, fixtureCorpus, startBotOnFake } from './bot-harness.js';
import { failOnProcessErrors, startFakeDiscord, type FakeDiscord } from './fake-discord/index.js';
import { REST } from 'discord.js';
import { deployCommands } from '../../src/discord/deploy.js';

// How the bot holds up: a burst, a 429 storm, a zombie connection, refused logins, closes it cannot
// recover from, and a clean shutdown. Each test runs its own fake Discord on its own (injected) clock, so
// nothing here depends on how busy the machine is; how long a burst takes in real time is measured by
// `paperboy bench` (its burst of 30 questions: max_stall_ms, burst_ms), never asserted in a test.

const guard = failOnProcessErrors();
let fake: FakeDiscord | undefined;
const stops: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
  fake?.assertNoViolations();
  await fake?.stop();
  fake = undefined;
});

let corpusCache: CorpusView | undefined;
async function corpus(): Promise<CorpusView> {
  return (corpusCache ??= await fixtureCorpus());
}

async function botOn(f: FakeDiscord, options: Parameters<typeof startBotOnFake>[2] = {}) {
  const running = await startBotOnFake(f, await corpus(), options);
  guard.watch(running.bot.client);
  stops.push(() => running.bot.stop(1000));
  return running;
}

const QUESTIONS = [
  'what mask ratio does PRED use for point-wise masking',
  'what is DropPos',
  'pre-training for offline reinforcement learning',
  'asymptotics of self-supervised pre-training',
  'graph transformers',
  'positional embeddings reconstruction',
];

describe('a burst of 30 questions at once', () => {
  it('answers every one, each interaction acknowledged once and answered with an embed', async () => {
    const users = Array.from({ length: 30 }, (_, i) => `user${i}`);
    fake = await startFakeDiscord({ users });
    await botOn(fake);
    const handles = users.map((user, i) =>
      fake!.dispatch.chatInput('ask', { question: QUESTIONS[i % QUESTIONS.length]! }, { user }),
    );
    const replies = await Promise.all(handles.map((h) => h.reply()));
    expect(replies.every((r) => r.embeds.length > 0)).toBe(true);
    for (const h of handles) {
      const ack = await h.acknowledgement();
      expect([
        InteractionResponseType.ChannelMessageWithSource,
        InteractionResponseType.DeferredChannelMessageWithSource,
      ]).toContain(ack.type);
    }
  });
});

describe('a 429 storm', () => {
  it('is waited out by discord.js; every interaction is still answered, and the bot logs it', async () => {
    fake = await startFakeDiscord({ users: ['a', 'b', 'c', 'd', 'e', 'f'] });
    const { log } = await botOn(fake);
    fake.faults.rateLimit('POST /interactions/{interaction_id}/{interaction_token}/callback', {
      times: 12,
      retryAfterMs: 150,
    });
    fake.faults.rateLimit('POST /channels/{channel_id}/messages', { times: 3, retryAfterMs: 150 });
    const handles = ['a', 'b', 'c', 'd', 'e', 'f'].map((user, i) =>
      fake!.dispatch.chatInput('ask', { question: QUESTIONS[i]! }, { user }),
    );
    const mention = fake.dispatch.mention('what is DropPos?');
    await Promise.all(handles.map((h) => h.reply()));
    await fake.waitForChannelMessage(mention.channel_id, (m) => m.message_reference?.message_id === mention.id);
    expect(fake.requests.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(6);
    await vi.waitFor(() => expect(log.lines.some((l) => l.msg === 'discord rate limit')).toBe(true));
  });
});

describe('SHARDS=2 in one process', () => {
  it('runs both shards, answers on either, and /about reports them', async () => {
    fake = await startFakeDiscord();
    const { bot } = await botOn(fake, { shards: 2 });
    expect([...bot.client.ws.shards.keys()].sort()).toEqual([0, 1]);
    const identifies = fake.gateway.log.filter((e) => e.direction === 'received' && e.op === 2);
    expect(identifies).toHaveLength(2);
    const about = await fake.dispatch.chatInput('about').reply();
    const health = about.embeds[0]?.fields?.find((f) => f.name === 'Health')?.value;
    expect(health).toMatch(/^OK: 2\/2 shards ready/);
  });
});

describe('a zombie connection', () => {
  it('is noticed (no heartbeat ACK), resumed, and the bot keeps answering', async () => {
    fake = await startFakeDiscord({ heartbeatIntervalMs: 250 });
    const { log } = await botOn(fake);
    const identifies = fake.gateway.identifies;
    fake.gateway.withholdHeartbeatAcks(1);
    await fake.waitFor(
      () => (fake!.gateway.resumes > 0 ? true : undefined),
      () => 'a RESUME after the withheld heartbeat ACK',
      5000,
    );
    expect(fake.gateway.identifies).toBe(identifies);
    await vi.waitFor(() => expect(log.lines.some((l) => l.msg === 'shard resumed')).toBe(true), { timeout: 3000 });
    const reply = await fake.dispatch.chatInput('ask', { question: 'what is DropPos' }).reply();
    expect(reply.embeds[0]?.title).toMatch(/DropPos/);
  });
});

describe('logins Discord refuses', () => {
  it('a bad token rejects with advice instead of retrying', async () => {
    fake = await startFakeDiscord();
    const log = captureLog();
    const attempt = startBot({
      token: 'x'.repeat(59) + '.bad',
      apiBase: fake.apiBase,
      shards: 'auto',
      corpus: async () => corpus(),
      logger: log.logger,
      version: 'test',
    } as never);
    await expect(attempt).rejects.toBeInstanceOf(BotLoginError);
    await expect(attempt).rejects.toThrow(/DISCORD_TOKEN.*Reset Token/);
    expect(fake.requests.filter((r) => r.route === '/gateway/bot')).toHaveLength(1);
    expect(fake.gateway.identifies).toBe(0);
    fake.takeViolations();
  });

  it.each([
    [GatewayCloseCodes.AuthenticationFailed, /DISCORD_TOKEN/],
    [GatewayCloseCodes.ShardingRequired, /SHARDS=auto/],
    [GatewayCloseCodes.DisallowedIntents, /intents/],
  ])('a running bot closed with %i exits 1 and says what to fix', async (code, advice) => {
    fake = await startFakeDiscord();
    const log = captureLog();
    const proc = new EventEmitter();
    const view = await corpus();
    const exit = runBot(
      {
        token: fake.token,
        apiBase: fake.apiBase,
        shards: 'auto',
        corpus: () => view,
        logger: log.logger,
        version: 'test',
        clock: fake.clock,
      },
      proc,
    );
    await vi.waitFor(() => expect(log.lines.some((l) => l.msg === 'bot ready')).toBe(true));
    const identifies = fake.gateway.identifies;
    fake.gateway.closeConnections(code);
    await expect(exit).resolves.toBe(1);
    const fatal = log.lines.find((l) => l.level === 60);
    expect(fatal?.msg).toMatch(advice);
    expect(fatal?.closeCode).toBe(code);
    expect(fake.gateway.identifies).toBe(identifies);
  });
});

describe('shutdown on SIGTERM', () => {
  const slow = {
    kind: 'slash',
    data: { type: ApplicationCommandType.ChatInput, name: 'slow', description: 'Answers after a moment' },
    plan: () => ({
      ack: 'private',
      run: async () => {
        await new Promise((resolve) => setTimeout(resolve, 250));
        return { body: message({ content: 'done slowly' }) };
      },
    }),
  } satisfies Command;

  it('stops taking work, finishes what is in flight, closes the client and exits 0', async () => {
    fake = await startFakeDiscord();
    const log = captureLog();
    const proc = new EventEmitter();
    const view = await corpus();
    const commands = [...COMMANDS, slow];
    await deployCommands(
      new REST({ api: fake.apiBase }).setToken(fake.token),
      commands.map((c) => c.data),
      { guildId: fake.guild.id },
    );
    let disconnected = 0;
    const exit = runBot(
      {
        token: fake.token,
        apiBase: fake.apiBase,
        shards: 'auto',
        corpus: () => view,
        logger: log.logger,
        version: 'test',
        clock: fake.clock,
        commands,
        router: { deferAfterMs: 20 },
        beforeDisconnect: () => void disconnected++,
      },
      proc,
    );
    await vi.waitFor(() => expect(log.lines.some((l) => l.msg === 'bot ready')).toBe(true));

    const inFlight = fake.dispatch.chatInput('slow');
    expect((await inFlight.acknowledgement()).type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    proc.emit('unhandledRejection', new Error('stray rejection'));
    proc.emit('SIGTERM');
    const late = await fake.dispatch.chatInput('ask', { question: 'what is DropPos' }).reply();
    expect(late.content).toMatch(/restarting/);

    await expect(exit).resolves.toBe(0);
    expect((await inFlight.reply()).content).toBe('done slowly');
    expect(disconnected).toBe(1);
    expect(fake.gateway.connected).toBe(false);
    expect(log.lines.find((l) => l.msg === 'unhandled rejection')).toBeDefined();
    expect(log.lines.map((l) => l.msg)).toEqual(
      expect.arrayContaining(['shutting down', 'in-flight work finished', 'bot stopped']),
    );
    expect(proc.listenerCount('SIGTERM')).toBe(0);
    expect(proc.listenerCount('unhandledRejection')).toBe(0);
  });
});
