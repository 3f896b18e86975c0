import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ApplicationCommandType, MessageFlags } from 'discord.js';
import { InteractionResponseType, type APIMessage } from 'discord-api-types/v10';
import { REST } from 'discord.js';
import type { Command, CorpusView } from '../../src/discord/command.js';
import { COMMANDS } from '../../src/discord/commands/index.js';
import { deployCommands } from '../../src/discord/deploy.js';
import { message } from '../../src/discord/format/format-message.js';
import { expectInert, expectWithinLimits } from '../discord/message-checks.js';
import {
  buttonId,
  buttonState,
  captureLog,
  fixtureCorpus,
  startBotOnFake,
  type BotOnFake,
  botSuiteHooks,
} from './bot-harness.js';
import { failOnProcessErrors, startFakeDiscord, type FakeDiscord } from './fake-discord/index.js';

// The real bot, with the real discord.js client, against the fake Discord. Every request body the bot
// sends is validated against Discord's OpenAPI description and limits; botSuiteHooks fails each test on any violation.

/** Test-only commands for the router's boundary: one that fails, one that is slow enough to be deferred. */
const boomCommand = {
  kind: 'slash',
  data: {
    type: ApplicationCommandType.ChatInput,
    name: 'boom',
    description: 'Fails on purpose',
    options: [{ type: 3, name: 'why', description: 'Why', required: true, autocomplete: true }],
  },
  autocomplete: () => {
    throw new Error('boom: injected autocomplete failure');
  },
  plan: () => ({
    ack: 'public',
    run: () => {
      throw new Error('boom: injected handler failure');
    },
  }),
} satisfies Command;

const slowCommand = {
  kind: 'slash',
  data: { type: ApplicationCommandType.ChatInput, name: 'slow', description: 'Answers after a moment' },
  plan: () => ({
    ack: 'private',
    run: async () => {
      await new Promise((resolve) => setTimeout(resolve, 80));
      return { body: message({ content: 'done slowly' }) };
    },
  }),
} satisfies Command;

const TEST_COMMANDS: readonly Command[] = [...COMMANDS, boomCommand, slowCommand];
const PRED_QUESTION = 'what mask ratio does PRED use for point-wise masking';

const guard = failOnProcessErrors();
let fake: FakeDiscord;
let corpus: CorpusView;
let running: BotOnFake;

beforeAll(async () => {
  fake = await startFakeDiscord();
  corpus = await fixtureCorpus();
  running = await startBotOnFake(fake, corpus, { commands: TEST_COMMANDS, router: { deferAfterMs: 40 } });
  guard.watch(running.bot.client);
});

botSuiteHooks(() => ({ fake, bot: running?.bot }));

function isEphemeral(m: APIMessage): boolean {
  return ((m.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
}

async function ask(question: string, extra: Record<string, boolean> = {}) {
  const handle = fake.dispatch.chatInput('ask', { question, ...extra });
  return { handle, reply: await handle.reply() };
}

describe('/ask', () => {
  it('answers privately by default, directly, with the best sentence, marked terms and the buttons', async () => {
    const { handle, reply } = await ask(PRED_QUESTION);
    const ack = await handle.acknowledgement();
    expect(ack.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(isEphemeral(reply)).toBe(true);
    expect(reply.content).toContain('95%');
    expect(reply.content).toMatch(/\*\*mask/);
    expect(reply.embeds[0]?.title).toMatch(/^1 · PRED/);
    expect(reply.embeds.at(-1)?.footer?.text).toContain(PRED_QUESTION);
    expect(buttonState(reply, 'ask1:p:0:')).toEqual({ label: '◀ Previous', disabled: true });
    expect(buttonState(reply, 'ask1:s:')).toEqual({ label: 'Share in channel', disabled: false });
    expectWithinLimits(reply);
    const body = fake.requests.find((r) => r.path.includes(handle.id))?.body as { data: Record<string, unknown> };
    expect(body.data.allowed_mentions).toEqual({ parse: [], replied_user: false });
    const timing = await vi.waitFor(() => {
      const line = running.log.lines.find((l) => l.msg === 'first response' && l.interaction === handle.id);
      if (!line) throw new Error('no timing line yet');
      return line;
    });
    expect(timing).toMatchObject({ command: '/ask', firstResponse: 'reply' });
    expect(typeof timing?.firstResponseMs).toBe('number');
  });

  it('posts for the channel with public:true, without a share button', async () => {
    const { reply } = await ask(PRED_QUESTION, { public: true });
    expect(isEphemeral(reply)).toBe(false);
    expect(() => buttonId(reply, 'ask1:s:')).toThrow();
  });

  it('says plainly when nothing matches, with suggestions', async () => {
    const { reply } = await ask('what is the');
    expect(reply.embeds[0]?.title).toBe('No paper answers that yet');
    expect(isEphemeral(reply)).toBe(true);
  });

  it('renders a hostile paper inert, in a public answer', async () => {
    const { handle, reply } = await ask('zebrafish adversarial masking', { public: true });
    expect(reply.embeds[0]?.title).toContain('Zebrafish');
    expectInert(reply);
    expectWithinLimits(reply);
    const body = fake.requests.find((r) => r.path.includes(handle.id))?.body as { data: Record<string, unknown> };
    expect(body.data.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });
});

describe('answer buttons', () => {
  it('pages a private answer in place, forward and back', async () => {
    const { reply } = await ask('pre-training');
    const next = fake.dispatch.clickButton(reply, buttonId(reply, 'ask1:p:3:'));
    expect((await next.acknowledgement()).type).toBe(InteractionResponseType.UpdateMessage);
    const page2 = await next.reply();
    expect(page2.id).toBe(reply.id);
    expect(page2.embeds[0]?.title).toMatch(/^4 · /);
    expect(page2.content).toBe('');
    const back = fake.dispatch.clickButton(page2, buttonId(page2, 'ask1:p:0:'));
    expect((await back.reply()).embeds[0]?.title).toMatch(/^1 · /);
  });

  it('pages a public answer privately for the clicker, leaving the channel’s copy alone', async () => {
    const { reply } = await ask('pre-training', { public: true });
    const next = fake.dispatch.clickButton(reply, buttonId(reply, 'ask1:p:3:'), { user: 'bob' });
    const page2 = await next.reply();
    expect((await next.acknowledgement()).type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(isEphemeral(page2)).toBe(true);
    expect(page2.embeds[0]?.title).toMatch(/^4 · /);
  });

  it('shows the full passage privately', async () => {
    const { reply } = await ask(PRED_QUESTION, { public: true });
    const full = await fake.dispatch.clickButton(reply, buttonId(reply, 'ask1:f:')).reply();
    expect(isEphemeral(full)).toBe(true);
    expect(full.embeds[0]?.title).toMatch(/PRED/);
    expect(full.embeds[0]?.description).toContain('95%');
    expectWithinLimits(full);
  });

  it('cites privately in BibTeX', async () => {
    const { reply } = await ask(PRED_QUESTION);
    const cite = await fake.dispatch.clickButton(reply, buttonId(reply, 'ask1:c:')).reply();
    expect(isEphemeral(cite)).toBe(true);
    expect(cite.embeds[0]?.description).toMatch(/^```bibtex\n@inproceedings\{yang2023pred,/);
  });

  it('shares a private answer in the channel once, even when clicked twice', async () => {
    const { reply } = await ask(PRED_QUESTION);
    const channel = fake.channel(reply.channel_id);
    const before = channel.messages.length;
    const share = fake.dispatch.clickButton(reply, buttonId(reply, 'ask1:s:'));
    expect((await share.acknowledgement()).type).toBe(InteractionResponseType.UpdateMessage);
    const shared = await share.followUp();
    expect(isEphemeral(shared)).toBe(false);
    expect(shared.embeds[0]?.title).toMatch(/^1 · PRED/);
    expect(() => buttonId(shared, 'ask1:s:')).toThrow();
    const updated = await share.reply();
    expect(buttonState(updated, 'ask1:s:')).toEqual({ label: 'Shared ✓', disabled: true });

    // A second click (a double click, or a client showing the old message) posts nothing more.
    const again = fake.dispatch.clickButton(reply, buttonId(reply, 'ask1:s:'));
    const note = await again.followUp();
    expect(isEphemeral(note)).toBe(true);
    expect(note.content).toMatch(/Already shared/);
    expect(channel.messages.length - before).toBe(1);
  });

  it('answers clearly when a button has expired', async () => {
    const { reply } = await ask(PRED_QUESTION);
    // An answer from an older format, and one whose footer lost its question.
    const oldFormat: APIMessage = {
      ...reply,
      components: [{ type: 1, components: [{ type: 2, style: 2, custom_id: 'ask0:p:3:whatever', label: 'Next' }] }],
    };
    const noQuestion: APIMessage = { ...reply, embeds: reply.embeds.map((e) => ({ ...e, footer: { text: 'x' } })) };
    for (const [msg, id] of [
      [oldFormat, 'ask0:p:3:whatever'],
      [noQuestion, buttonId(reply, 'ask1:p:3:')],
    ] as const) {
      const expired = await fake.dispatch.clickButton(msg, id).reply();
      expect(isEphemeral(expired)).toBe(true);
      expect(expired.content).toMatch(/expired/);
    }
  });
});

describe('/paper', () => {
  it('autocompletes a partial title', async () => {
    const choices = await fake.dispatch.autocomplete('paper', { query: 'dropp' }).choices();
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    expect(choices[0]?.name).toMatch(/^DropPos/);
  });

  it('autocompletes a misspelled query', async () => {
    const choices = await fake.dispatch.autocomplete('paper', { query: 'graphromer transformrs' }).choices();
    expect(choices.map((c) => c.name).join('\n')).toMatch(/Graph Representation/);
  });

  it('lists papers for an empty query, and neutralises a hostile title', async () => {
    const choices = await fake.dispatch.autocomplete('paper', { query: '' }).choices();
    expect(choices.length).toBe(6);
    const hostile = choices.find((c) => c.name.includes('Zebrafish'));
    expect(hostile?.name).not.toMatch(/@everyone|<@\d/);
  });

  it('shows the card for the chosen paper, with related papers', async () => {
    const choices = await fake.dispatch.autocomplete('paper', { query: 'dropp' }).choices();
    const card = await fake.dispatch.chatInput('paper', { query: String(choices[0]!.value) }).reply();
    const embed = card.embeds[0]!;
    expect(embed.title).toMatch(/^DropPos/);
    expect(embed.url).toMatch(/^https:\/\//);
    expect(embed.author?.name).toMatch(/Wang/);
    const fields = Object.fromEntries((embed.fields ?? []).map((f) => [f.name, f.value]));
    expect(fields.Venue).toBe('NeurIPS 2023');
    expect(fields.Year).toBe('2023');
    expect(fields.Links).toContain('github.com');
    expect(fields['Related papers']).toMatch(/•/);
    expectWithinLimits(card);
  });

  it('shows the card for an arXiv id or a method name, and autocompletes an arXiv id being typed', async () => {
    const byArxiv = await fake.dispatch.chatInput('paper', { query: 'https://arxiv.org/abs/2309.03576v2' }).reply();
    expect(byArxiv.embeds[0]?.title).toMatch(/^DropPos/);
    const byName = await fake.dispatch.chatInput('paper', { query: 'Graphormer' }).reply();
    expect(byName.embeds[0]?.title).toMatch(/Graph Representation/);
    const choices = await fake.dispatch.autocomplete('paper', { query: '2309.0357' }).choices();
    expect(choices.map((c) => c.name)).toEqual([expect.stringMatching(/^DropPos/)]);
  });

  it('looks up free text and says when nothing matches', async () => {
    const card = await fake.dispatch.chatInput('paper', { query: 'lidar point clouds rendering' }).reply();
    expect(card.embeds[0]?.title).toMatch(/^PRED/);
    const none = await fake.dispatch.chatInput('paper', { query: 'qqqqqq' }).reply();
    expect(none.embeds[0]?.title).toBe('Paper not found');
  });
});

describe('/about', () => {
  it('reports the corpus, version, uptime and health', async () => {
    const about = await fake.dispatch.chatInput('about').reply();
    const fields = Object.fromEntries((about.embeds[0]?.fields ?? []).map((f) => [f.name, f.value]));
    expect(fields.Papers).toBe('6');
    expect(Number(fields.Chunks)).toBeGreaterThanOrEqual(6);
    expect(fields['Topics (1)']).toBe('pre-training');
    expect(fields.Version).toBe('0.0.0-test');
    expect(fields.Health).toMatch(/^OK: 1\/1 shards ready/);
    expect(fields['Last reload']).toMatch(/<t:\d+:f>/);
  });
});

describe('Find papers about this (message context menu)', () => {
  it('asks the papers about the message’s text, privately', async () => {
    const target = fake.dispatch.message('which mask ratio does PRED use for masking points?', { user: 'bob' });
    const reply = await fake.dispatch.messageCommand('Find papers about this', target).reply();
    expect(isEphemeral(reply)).toBe(true);
    expect(reply.embeds[0]?.title).toMatch(/PRED/);
  });
});

describe('mentions', () => {
  it('answers "@Paperboy what is DropPos?" with a reply in the channel that pings no one', async () => {
    const question = fake.dispatch.mention('what is DropPos?');
    const reply = await fake.waitForChannelMessage(
      question.channel_id,
      (m) => m.author.id === fake.bot.id && m.message_reference?.message_id === question.id,
    );
    expect(reply.embeds[0]?.title).toMatch(/DropPos/);
    const request = fake.requests.find(
      (r) => r.method === 'POST' && r.path === `/channels/${question.channel_id}/messages`,
    );
    expect((request?.body as { allowed_mentions?: unknown }).allowed_mentions).toEqual({
      parse: [],
      replied_user: false,
    });
  });

  it('answers a mention about the hostile paper inertly', async () => {
    const question = fake.dispatch.mention('zebrafish adversarial masking');
    const reply = await fake.waitForChannelMessage(
      question.channel_id,
      (m) => m.message_reference?.message_id === question.id,
    );
    expect(reply.embeds[0]?.title).toContain('Zebrafish');
    expectInert(reply);
  });

  it('ignores messages that do not mention the bot', async () => {
    const plain = fake.dispatch.message('what is DropPos?');
    const later = fake.dispatch.mention('what is PRED?');
    await fake.waitForChannelMessage(later.channel_id, (m) => m.message_reference?.message_id === later.id);
    const replies = fake.channel(plain.channel_id).messages.filter((m) => m.message_reference?.message_id === plain.id);
    expect(replies).toEqual([]);
  });
});

describe('the router', () => {
  it('answers an injected handler error privately and logs it with the command and its options', async () => {
    const handle = fake.dispatch.chatInput('boom', { why: 'testing' });
    const reply = await handle.reply();
    expect(isEphemeral(reply)).toBe(true);
    expect(reply.content).toMatch(/went wrong/);
    expect(reply.content).not.toMatch(/boom: injected/);
    const logged = await vi.waitFor(() => {
      const line = running.log.lines.find((l) => l.msg === 'interaction failed' && l.interaction === handle.id);
      if (!line) throw new Error('no error line yet');
      return line;
    });
    expect(logged).toMatchObject({ command: '/boom', options: { why: 'testing' }, level: 50 });
    expect(JSON.stringify(logged?.err)).toMatch(/boom: injected handler failure/);
  });

  it('answers a failing autocomplete with no choices, and logs it', async () => {
    const handle = fake.dispatch.autocomplete('boom', { why: 'te' });
    expect(await handle.choices()).toEqual([]);
    await vi.waitFor(() =>
      expect(
        running.log.lines.find((l) => l.msg === 'interaction failed' && l.interaction === handle.id),
      ).toMatchObject({ command: '/boom', options: { why: 'te' } }),
    );
  });

  it('defers work that is not ready in time, privately, then edits the reply', async () => {
    const handle = fake.dispatch.chatInput('slow');
    const ack = await handle.acknowledgement();
    expect(ack.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    expect((ack.data?.flags as number) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect((await handle.reply()).content).toBe('done slowly');
    const timing = await vi.waitFor(() => {
      const line = running.log.lines.find((l) => l.msg === 'first response' && l.interaction === handle.id);
      if (!line) throw new Error('no timing line yet');
      return line;
    });
    expect(timing).toMatchObject({ firstResponse: 'defer' });
  });

  it('defers at once when the interaction is already old (a backlog), within Discord’s 3 s', async () => {
    const handle = fake.dispatch.chatInput('ask', { question: PRED_QUESTION });
    // The interaction was created 1 s before the bot sees it: too late to risk working first.
    fake.clock.advance(1000);
    const ack = await handle.acknowledgement();
    expect(ack.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    expect((await handle.reply()).content).toContain('95%');
  });

  it('tells a user who floods the bot to slow down, privately, and keeps answering others', async () => {
    const handles = Array.from({ length: 8 }, () => fake.dispatch.chatInput('ask', { question: 'DropPos' }));
    const replies = await Promise.all(handles.map((h) => h.reply()));
    const slowed = replies.filter((r) => /slow down/.test(r.content));
    expect(slowed.length).toBe(2);
    expect(slowed.every(isEphemeral)).toBe(true);
    const other = await fake.dispatch.chatInput('ask', { question: 'DropPos' }, { user: 'bob' }).reply();
    expect(other.content).not.toMatch(/slow down/);
  });
});

describe('deploy-commands', () => {
  it('does not PUT again when the definitions are unchanged, and does when they change', async () => {
    const rest = new REST({ api: fake.apiBase }).setToken(fake.token);
    const puts = () => fake.requests.filter((r) => r.method === 'PUT').length;
    const before = puts();
    const same = await deployCommands(
      rest,
      TEST_COMMANDS.map((c) => c.data),
      { guildId: fake.guild.id },
    );
    expect(same).toMatchObject({ changed: false, applicationId: fake.world.applicationId });
    expect(puts()).toBe(before);
    const changed = await deployCommands(
      rest,
      TEST_COMMANDS.map((c) => (c.data.name === 'slow' ? { ...c.data, description: 'Answers after a while' } : c.data)),
      { guildId: fake.guild.id, applicationId: fake.world.applicationId },
    );
    expect(changed.changed).toBe(true);
    expect(puts()).toBe(before + 1);
  });
});

describe('a restart', () => {
  it('keeps the buttons of answers given before it working', async () => {
    const { reply } = await ask('pre-training');
    await running.bot.stop(1000);
    running = await startBotOnFake(fake, corpus, { commands: TEST_COMMANDS, log: captureLog() });
    guard.watch(running.bot.client);
    const page2 = await fake.dispatch.clickButton(reply, buttonId(reply, 'ask1:p:3:')).reply();
    expect(page2.embeds[0]?.title).toMatch(/^4 · /);
  });
});
