import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ActionRowBuilder,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ButtonBuilder,
  ButtonStyle,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  MessageFlags,
  type ApplicationCommandDataResolvable,
  type Client,
  type Interaction,
  type TextChannel,
} from 'discord.js';
import { InteractionResponseType } from 'discord-api-types/v10';
import {
  ACK_DEADLINE_MS,
  NONCE_WINDOW_MS,
  TOKEN_TTL_MS,
  failOnProcessErrors,
  loginTestClient,
  startFakeDiscord,
  type FakeDiscord,
} from './fake-discord/index.js';

// The real discord.js client, built by src/discord/client.ts, against the fake Discord. The handlers are tiny
// inline ones: these tests are about the fake and the client wiring, not about the bot's commands.

const COMMANDS: ApplicationCommandDataResolvable[] = [
  {
    name: 'ask',
    description: 'Ask the papers a question',
    options: [
      { type: ApplicationCommandOptionType.String, name: 'question', description: 'Your question', required: true },
      {
        type: ApplicationCommandOptionType.Integer,
        name: 'limit',
        description: 'How many passages',
        min_value: 1,
        max_value: 5,
      },
    ],
  },
  {
    name: 'paper',
    description: 'Look up a paper',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'title',
        description: 'Title',
        required: true,
        autocomplete: true,
      },
    ],
  },
  { type: ApplicationCommandType.Message, name: 'Find papers' },
];

const TITLES = Array.from({ length: 40 }, (_, i) => `Pre-training paper ${i + 1}`);

const guard = failOnProcessErrors();
let fake: FakeDiscord;
let client: Client<true>;

beforeAll(async () => {
  fake = await startFakeDiscord();
  client = await loginTestClient(fake, { guard });
  await client.application.commands.set(COMMANDS, fake.guild.id);
});

afterEach(() => {
  client.removeAllListeners(Events.InteractionCreate);
  client.removeAllListeners(Events.MessageCreate);
  fake.faults.clear();
  fake.assertNoViolations();
});

afterAll(async () => {
  await client?.destroy();
  await fake?.stop();
});

/** Runs `handler` on the next interaction and settles with what it returns or throws. */
function onNextInteraction<T>(handler: (interaction: Interaction) => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    client.once(Events.InteractionCreate, (interaction) => void handler(interaction).then(resolve, reject));
  });
}

function gate(): { wait: Promise<void>; open: () => void } {
  let open = () => {};
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

function textChannel(name: string): TextChannel {
  const channel = client.channels.cache.get(fake.channel(name).id);
  if (!channel?.isTextBased() || channel.isDMBased()) throw new Error(`no text channel #${name}`);
  return channel as TextChannel;
}

describe('logging in', () => {
  it('becomes ready as the fake bot, with the guild, its channels and roles, asking for no privileged intent', () => {
    expect(client.user.id).toBe(fake.bot.id);
    const guild = client.guilds.cache.get(fake.guild.id);
    expect(guild?.channels.cache.map((c) => c.name).sort()).toEqual(['digest', 'general', 'papers']);
    expect(guild?.roles.everyone.id).toBe(fake.guild.id);
    expect(guild?.members.me?.permissions.has('SendMessages')).toBe(true);
    const identify = fake.gateway.log.find((e) => e.direction === 'received' && e.op === 2);
    expect(identify?.intents).toBe(
      GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.DirectMessages,
    );
    expect(fake.requests[0]).toMatchObject({ method: 'GET', route: '/gateway/bot', status: 200 });
  });
});

describe('command registration', () => {
  it('stores guild commands with ids and versions, lists them, and keeps both when the same set is PUT again', async () => {
    const listed = await client.application.commands.fetch({ guildId: fake.guild.id });
    expect([...listed.values()].map((c) => c.name).sort()).toEqual(['Find papers', 'ask', 'paper']);
    const before = fake.commands.list(fake.guild.id).map((c) => [c.id, c.version]);
    const creates = fake.commands.creates;

    await client.application.commands.set(COMMANDS, fake.guild.id);

    expect(fake.commands.list(fake.guild.id).map((c) => [c.id, c.version])).toEqual(before);
    expect(fake.commands.creates).toBe(creates);
  });

  it('rejects an upper-case name and autocomplete together with choices, as Discord does', async () => {
    const bad: ApplicationCommandDataResolvable[] = [
      {
        name: 'Ask',
        description: 'x',
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: 'topic',
            description: 't',
            autocomplete: true,
            choices: [{ name: 'a', value: 'a' }],
          } as never,
        ],
      },
    ];
    await expect(client.application.commands.set(bad, fake.guild.id)).rejects.toMatchObject({ code: 50035 });
    const [violation] = fake.takeViolations();
    expect(violation?.errors).toMatchObject({
      0: {
        name: { _errors: [{ code: 'APPLICATION_COMMAND_INVALID_NAME' }] },
        options: {
          0: { autocomplete: { _errors: [{ code: 'APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_WITH_CHOICES' }] } },
        },
      },
    });
    expect(fake.commands.list(fake.guild.id).map((c) => c.name)).toContain('ask');
  });
});

describe('interactions', () => {
  it('delivers a slash command with its options and shows the reply in the channel, pinging nobody', async () => {
    const alice = fake.user('alice');
    const replied = onNextInteraction(async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('expected a slash command');
      const question = interaction.options.getString('question', true);
      const limit = interaction.options.getInteger('limit');
      await interaction.reply(`<@${alice.id}> asked "${question}" (limit ${limit}) @everyone`);
    });
    const handle = fake.dispatch.chatInput('ask', { question: 'what is BERT?', limit: 3 });
    await replied;

    const reply = await handle.reply();
    expect(reply.content).toBe(`<@${alice.id}> asked "what is BERT?" (limit 3) @everyone`);
    // createDiscordClient turns mentions off: quoted text can never ping.
    expect(reply.mentions).toEqual([]);
    expect(reply.mention_everyone).toBe(false);
    expect(fake.channelMessages('general').at(-1)?.id).toBe(reply.id);
    expect(reply.interaction_metadata?.id).toBe(handle.id);
  });

  it('defers, then shows the edited reply', async () => {
    const done = onNextInteraction(async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('expected a slash command');
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      await interaction.editReply({
        content: 'Here are three passages.',
        embeds: [{ title: 'BERT', description: 'Deep bidirectional…' }],
      });
    });
    const handle = fake.dispatch.chatInput('ask', { question: 'bert' });
    expect((await handle.acknowledgement()).type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    await done;

    const reply = await handle.reply();
    expect(reply.content).toBe('Here are three passages.');
    expect(reply.embeds[0]).toMatchObject({ title: 'BERT' });
    expect(reply.flags! & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(reply.flags! & MessageFlags.Loading).toBe(0);
    expect(fake.channelMessages('general').some((m) => m.id === reply.id)).toBe(false);
  });

  it('answers autocomplete for the focused option with at most 25 choices', async () => {
    const done = onNextInteraction(async (interaction) => {
      if (!interaction.isAutocomplete()) throw new Error('expected autocomplete');
      const focused = interaction.options.getFocused(true);
      const matches = TITLES.filter((t) => t.toLowerCase().includes(focused.value.toLowerCase()));
      await interaction.respond(matches.slice(0, 25).map((t) => ({ name: t, value: t.slice(0, 100) })));
    });
    const handle = fake.dispatch.autocomplete('paper', { title: 'pre-tr' });
    await done;
    const choices = await handle.choices();
    expect(choices).toHaveLength(25);
    expect(choices[0]).toEqual({ name: 'Pre-training paper 1', value: 'Pre-training paper 1' });
    expect(handle.payload.data).toMatchObject({ options: [{ name: 'title', value: 'pre-tr', focused: true }] });
  });

  it('delivers a message context-menu command with the target message resolved', async () => {
    const target = fake.dispatch.message('Has anyone read the ELECTRA paper?', { channel: 'papers', user: 'bob' });
    const done = onNextInteraction(async (interaction) => {
      if (!interaction.isMessageContextMenuCommand()) throw new Error('expected a message command');
      await interaction.reply({
        content: `Looking up: ${interaction.targetMessage.content}`,
        flags: MessageFlags.Ephemeral,
      });
    });
    const handle = fake.dispatch.messageCommand('Find papers', target);
    await done;
    expect((await handle.reply()).content).toBe('Looking up: Has anyone read the ELECTRA paper?');
  });

  it('delivers a button click on a message the bot sent, and the update edits that message', async () => {
    const sent = onNextInteraction(async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('expected a slash command');
      const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
        new ButtonBuilder().setCustomId('more:bert').setLabel('More').setStyle(ButtonStyle.Primary),
      );
      await interaction.reply({ content: 'Page 1', components: [row] });
    });
    const command = fake.dispatch.chatInput('ask', { question: 'bert' });
    await sent;
    const message = await command.reply();

    const updated = onNextInteraction(async (interaction) => {
      if (!interaction.isButton()) throw new Error('expected a button');
      await interaction.update({ content: `Page 2 (${interaction.customId})`, components: [] });
    });
    const click = fake.dispatch.clickButton(message, 'more:bert', { user: 'bob' });
    await updated;

    expect((await click.reply()).content).toBe('Page 2 (more:bert)');
    expect(fake.channelMessages('general').find((m) => m.id === message.id)?.content).toBe('Page 2 (more:bert)');
    expect(() => fake.dispatch.clickButton(message, 'no-such-button')).toThrow(/has no button "no-such-button"/);
  });

  it('receives a message that mentions the bot with its content, and other messages without', async () => {
    const seen: { content: string; mentionsBot: boolean }[] = [];
    client.on(Events.MessageCreate, (message) => {
      if (message.author.bot) return;
      seen.push({ content: message.content, mentionsBot: message.mentions.has(client.user) });
    });
    fake.dispatch.message('chatter the bot may not read');
    fake.dispatch.mention('what is masked language modelling?');
    await fake.waitFor(
      () => (seen.length === 2 ? seen : undefined),
      () => 'two messages',
    );
    expect(seen).toEqual([
      { content: '', mentionsBot: false },
      { content: `<@${fake.bot.id}> what is masked language modelling?`, mentionsBot: true },
    ]);
  });
});

describe('channel posts', () => {
  it('posts to a channel and keeps the channel history', async () => {
    const sent = await textChannel('digest').send({
      content: 'Daily digest: 2 new papers',
      embeds: [{ title: 'ELECTRA' }],
    });
    const stored = fake.channelMessages('digest');
    expect(stored.map((m) => m.id)).toContain(sent.id);
    expect(stored.at(-1)).toMatchObject({ content: 'Daily digest: 2 new papers', author: { id: fake.bot.id } });
    const fetched = await textChannel('digest').messages.fetch({ limit: 10 });
    expect(fetched.has(sent.id)).toBe(true);
  });

  it('accepts a file as discord.js sends it (multipart with payload_json)', async () => {
    const sent = await textChannel('papers').send({
      content: 'BibTeX attached',
      files: [{ attachment: Buffer.from('@article{devlin2019bert}'), name: 'bert.bib' }],
    });
    expect(sent.attachments.first()?.name).toBe('bert.bib');
    expect(fake.channelMessages('papers').at(-1)?.attachments).toMatchObject([{ filename: 'bert.bib', size: 24 }]);
  });

  it('returns the first message for a repeated enforced nonce, and posts again once the window has passed', async () => {
    const channel = textChannel('papers');
    const count = () => fake.channelMessages('papers').length;
    const before = count();
    const first = await channel.send({ content: 'digest 2024-05-01', nonce: 'digest-20240501', enforceNonce: true });
    const repeat = await channel.send({ content: 'digest 2024-05-01', nonce: 'digest-20240501', enforceNonce: true });
    expect(repeat.id).toBe(first.id);
    expect(count()).toBe(before + 1);

    fake.clock.advance(NONCE_WINDOW_MS + 1);
    const later = await channel.send({ content: 'digest 2024-05-01', nonce: 'digest-20240501', enforceNonce: true });
    expect(later.id).not.toBe(first.id);
    expect(count()).toBe(before + 2);
  });
});

describe('faults', () => {
  it('discord.js waits out 429s (Retry-After, X-RateLimit-*) and then posts', async () => {
    const limited: number[] = [];
    const onLimit = (info: { retryAfter: number }) => limited.push(info.retryAfter);
    client.rest.on('rateLimited', onLimit);
    const rule = fake.faults.rateLimit('POST /channels/{channel_id}/messages', { times: 2, retryAfterMs: 40 });
    try {
      const sent = await textChannel('general').send('after the storm');
      expect(sent.content).toBe('after the storm');
    } finally {
      client.rest.off('rateLimited', onLimit);
    }
    expect(rule.hits).toBe(2);
    const statuses = fake.requests
      .filter((r) => r.route === '/channels/{channel_id}/messages' && r.method === 'POST')
      .slice(-3);
    expect(statuses.map((r) => r.status)).toEqual([429, 429, 200]);
    expect(limited.length).toBe(2);
  });

  it('discord.js retries a 5xx, and surfaces 403/50013 and 404/10003 as DiscordAPIErrors', async () => {
    fake.faults.serverError('POST /channels/{channel_id}/messages', { status: 502 });
    await expect(textChannel('general').send('retried')).resolves.toMatchObject({ content: 'retried' });

    fake.faults.missingPermissions('POST /channels/{channel_id}/messages');
    const denied = await textChannel('general')
      .send('denied')
      .catch((error: unknown) => error);
    expect(denied).toBeInstanceOf(DiscordAPIError);
    expect(denied).toMatchObject({ code: 50013, status: 403 });

    fake.faults.unknownChannel(`POST /channels/${fake.channel('digest').id}/messages`);
    await expect(textChannel('digest').send('gone')).rejects.toMatchObject({ code: 10003, status: 404 });
  });
});

describe("Discord's rules", () => {
  it('refuses a first response later than 3 s after the interaction (10062)', async () => {
    const slow = gate();
    const outcome = onNextInteraction(async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('expected a slash command');
      await slow.wait;
      return interaction.reply('too late');
    });
    const handle = fake.dispatch.chatInput('ask', { question: 'slow' });
    fake.clock.advance(ACK_DEADLINE_MS + 1);
    slow.open();

    await expect(outcome).rejects.toMatchObject({ code: 10062, status: 404 });
    expect(handle.record.acknowledgement).toBeUndefined();
    expect(fake.takeViolations()).toMatchObject([
      { code: 10062, route: '/interactions/{interaction_id}/{interaction_token}/callback' },
    ]);
  });

  it('accepts a defer within 3 s and an edit long after it', async () => {
    const slow = gate();
    const done = onNextInteraction(async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('expected a slash command');
      await interaction.deferReply();
      await slow.wait;
      await interaction.editReply('worth the wait');
    });
    const handle = fake.dispatch.chatInput('ask', { question: 'slow' });
    fake.clock.advance(ACK_DEADLINE_MS - 1);
    await handle.acknowledgement();
    fake.clock.advance(60_000);
    slow.open();
    await done;
    expect((await handle.reply()).content).toBe('worth the wait');
  });

  it('refuses a second acknowledgement (40060) when two handlers both reply', async () => {
    const first = onNextInteraction(async (interaction) =>
      interaction.isChatInputCommand() ? interaction.reply('one') : undefined,
    );
    const second = onNextInteraction(async (interaction) =>
      interaction.isChatInputCommand() ? interaction.reply('two') : undefined,
    );
    fake.dispatch.chatInput('ask', { question: 'twice' });
    const results = await Promise.allSettled([first, second]);

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected');
    expect(rejected?.reason).toMatchObject({ code: 40060, status: 400 });
    expect(fake.takeViolations()).toMatchObject([{ code: 40060 }]);
  });

  it('refuses edits once the 15-minute token has expired (50027)', async () => {
    const later = gate();
    const outcome = onNextInteraction(async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('expected a slash command');
      await interaction.deferReply();
      await later.wait;
      return interaction.editReply('a quarter of an hour later');
    });
    const handle = fake.dispatch.chatInput('ask', { question: 'long job' });
    await handle.acknowledgement();
    fake.clock.advance(TOKEN_TTL_MS + 1);
    later.open();

    await expect(outcome).rejects.toMatchObject({ code: 50027, status: 401 });
    expect(fake.takeViolations()).toMatchObject([{ code: 50027 }]);
  });

  it('refuses a 2001-character message (50035) and accepts 2000', async () => {
    const tooLong = onNextInteraction(async (interaction) =>
      interaction.isChatInputCommand() ? interaction.reply('x'.repeat(2001)) : undefined,
    );
    const handle = fake.dispatch.chatInput('ask', { question: 'long' });
    await expect(tooLong).rejects.toMatchObject({ code: 50035, status: 400 });
    const [violation] = fake.takeViolations();
    expect(violation?.errors).toMatchObject({ data: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } });
    expect(handle.record.acknowledgement).toBeUndefined();

    await expect(textChannel('general').send('y'.repeat(2000))).resolves.toMatchObject({ content: 'y'.repeat(2000) });
    await expect(textChannel('general').send('y'.repeat(2001))).rejects.toMatchObject({ code: 50035 });
    expect(fake.takeViolations()).toMatchObject([{ code: 50035, route: '/channels/{channel_id}/messages' }]);
  });

  it('refuses a 26th autocomplete choice (50035)', async () => {
    const outcome = onNextInteraction(async (interaction) =>
      interaction.isAutocomplete()
        ? interaction.respond(TITLES.slice(0, 26).map((t) => ({ name: t, value: t })))
        : undefined,
    );
    fake.dispatch.autocomplete('paper', { title: 'p' });
    await expect(outcome).rejects.toMatchObject({ code: 50035 });
    expect(fake.takeViolations()[0]?.errors).toMatchObject({
      data: { choices: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' }] } },
    });
  });

  it('refuses embeds over 6000 characters in total though each is within its own limits, and accepts exactly 6000', async () => {
    const embeds = (total: number) => [
      { title: 'First half', description: 'a'.repeat(total / 2 - 'First half'.length) },
      { title: 'Second half', description: 'b'.repeat(total / 2 - 'Second half'.length) },
    ];
    const outcome = onNextInteraction(async (interaction) =>
      interaction.isChatInputCommand() ? interaction.reply({ embeds: embeds(6002) }) : undefined,
    );
    fake.dispatch.chatInput('ask', { question: 'huge' });
    await expect(outcome).rejects.toMatchObject({ code: 50035 });
    expect(fake.takeViolations()[0]?.errors).toMatchObject({
      data: { embeds: { _errors: [{ code: 'MAX_EMBED_SIZE_EXCEEDED' }] } },
    });

    await expect(textChannel('general').send({ embeds: embeds(6000) })).resolves.toBeDefined();
  });

  it('refuses an empty message (50006)', async () => {
    await expect(textChannel('general').send({ content: '' })).rejects.toMatchObject({ code: 50006 });
    expect(fake.takeViolations()).toMatchObject([{ code: 50006 }]);
  });

  it('fails the test when a handler throws: discord.js turns it into a client error event', async () => {
    client.once(Events.InteractionCreate, async () => {
      throw new Error('handler bug');
    });
    fake.dispatch.chatInput('ask', { question: 'boom' });
    const [error] = await fake.waitFor(
      () => {
        const caught = guard.take();
        return caught.length > 0 ? caught : undefined;
      },
      () => 'the guard to catch the handler error',
    );
    expect(error).toMatchObject({ message: 'handler bug' });
  });
});
