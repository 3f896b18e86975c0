import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { describeIssue } from './fake-discord/discord-errors.js';
import { checkChoices, checkCommandList, checkMessageLimits } from './fake-discord/limits.js';
import { resolveMentions } from './fake-discord/messages.js';
import { checkChannelPost, checkCommandOverwrite, checkInteractionCallback } from './fake-discord/validation.js';
import { startFakeDiscord, type FakeDiscord } from './fake-discord/index.js';

// The fake's judge on its own: Discord's OpenAPI schemas plus the limits the spec leaves out, each at its edge,
// and the raw HTTP behaviour discord.js relies on (status codes, headers, multipart).

const codes = (issues: { code: string }[]) => issues.map((i) => i.code);
const button = (id: string) => ({ type: 2, style: 1, label: id, custom_id: id });
const row = (count: number, prefix: string) => ({
  type: 1,
  components: Array.from({ length: count }, (_, i) => button(`${prefix}${i}`)),
});
const option = (name: string, extra: Record<string, unknown> = {}) => ({
  type: 3,
  name,
  description: `the ${name}`,
  ...extra,
});

describe('message limits', () => {
  it('allows 10 embeds and refuses 11', () => {
    const embeds = (n: number) => Array.from({ length: n }, (_, i) => ({ title: `e${i}` }));
    expect(checkChannelPost({ embeds: embeds(10) })).toEqual([]);
    expect(codes(checkChannelPost({ embeds: embeds(11) }))).toContain('BASE_TYPE_MAX_LENGTH');
  });

  it('holds each embed part to its own limit', () => {
    const embed = {
      title: 't'.repeat(257),
      description: 'd'.repeat(4097),
      footer: { text: 'f'.repeat(2049) },
      author: { name: 'a'.repeat(257) },
      fields: [{ name: 'n'.repeat(257), value: 'v'.repeat(1025) }],
    };
    const paths = checkMessageLimits({ embeds: [embed] }).map((i) => i.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining([
        'embeds.0.title',
        'embeds.0.description',
        'embeds.0.footer.text',
        'embeds.0.author.name',
        'embeds.0.fields.0.name',
        'embeds.0.fields.0.value',
      ]),
    );
    expect(
      checkMessageLimits({ embeds: [{ fields: Array.from({ length: 26 }, () => ({ name: 'n', value: 'v' })) }] }),
    ).toHaveLength(1);
  });

  it('counts titles, descriptions, field names and values, footers and authors toward 6000', () => {
    const part = 1000;
    const embed = {
      title: 'a'.repeat(200),
      description: 'b'.repeat(part),
      footer: { text: 'c'.repeat(part) },
      author: { name: 'd'.repeat(200) },
      fields: [
        { name: 'e'.repeat(200), value: 'f'.repeat(part) },
        { name: 'g'.repeat(200), value: 'h'.repeat(part) },
      ],
    };
    // 200 + 1000 + 1000 + 200 + 1200 + 1200 = 4800; a second embed of 1200 makes 6000 exactly.
    const second = { description: 'i'.repeat(1200) };
    expect(checkMessageLimits({ embeds: [embed, second] })).toEqual([]);
    const over = checkMessageLimits({ embeds: [embed, { description: 'i'.repeat(1201) }] });
    expect(over.map(describeIssue)).toEqual([
      'embeds: Embed size exceeds maximum size of 6000 (got 6001). [MAX_EMBED_SIZE_EXCEEDED]',
    ]);
  });

  it('allows 5 rows of 5 buttons; refuses a 6th button, a 6th row, a long or repeated custom_id', () => {
    const full = Array.from({ length: 5 }, (_, r) => row(5, `r${r}b`));
    expect(checkChannelPost({ content: 'x', components: full })).toEqual([]);
    expect(checkMessageLimits({ components: [row(6, 'b')] }).map((i) => i.path.join('.'))).toEqual([
      'components.0.components',
    ]);
    expect(checkMessageLimits({ components: [...full, row(1, 'extra')] }).map((i) => i.path.join('.'))).toEqual([
      'components',
    ]);
    expect(codes(checkChannelPost({ components: [{ type: 1, components: [button('x'.repeat(101))] }] }))).toContain(
      'BASE_TYPE_MAX_LENGTH',
    );
    expect(
      codes(checkMessageLimits({ components: [{ type: 1, components: [button('same'), button('same')] }] })),
    ).toEqual(['COMPONENT_CUSTOM_ID_DUPLICATED']);
  });

  it("keeps the spec's own checks, with paths Discord would report", () => {
    const issues = checkInteractionCallback({ type: 4, data: { content: 'ok', embeds: [{ color: 'red' }] } });
    expect(issues.map((i) => i.path.join('.'))).toEqual(['data.embeds.0.color']);
    expect(codes(checkInteractionCallback({ type: 12345 }))).toEqual(['BASE_TYPE_CHOICES']);
  });
});

describe('autocomplete choices', () => {
  it('allows 25 choices with 100-character names and values and refuses more', () => {
    const choices = (n: number, length = 100) =>
      Array.from({ length: n }, (_, i) => ({ name: `${i}`.padEnd(length, 'n'), value: `${i}`.padEnd(length, 'v') }));
    expect(checkChoices(choices(25), [])).toEqual([]);
    expect(checkChoices(choices(26), []).map(describeIssue)).toEqual([
      '(body): Must be 25 or fewer in length. [BASE_TYPE_MAX_LENGTH]',
    ]);
    expect(codes(checkChoices(choices(1, 101), []))).toEqual(['BASE_TYPE_BAD_LENGTH', 'BASE_TYPE_MAX_LENGTH']);
    expect(codes(checkChoices([{ name: '', value: 'x' }], []))).toEqual(['BASE_TYPE_BAD_LENGTH']);
  });
});

describe('command definitions', () => {
  const command = (extra: Record<string, unknown> = {}) => ({ name: 'ask', description: 'Ask a question', ...extra });

  it('accepts a well-formed set, permissions given as a string as discord.js sends them', () => {
    expect(
      checkCommandOverwrite(
        [command({ default_member_permissions: '8', options: [option('question', { required: true })] })],
        { global: true },
      ),
    ).toEqual([]);
  });

  it('refuses bad names, descriptions, option order, duplicates, and autocomplete with choices', () => {
    const issues = checkCommandList(
      [
        command({ name: 'Ask' }),
        command({ name: 'ask', description: '' }),
        command({ name: 'ask' }),
        command({
          name: 'paper',
          options: [
            option('title'),
            option('year', { required: true }),
            option('topic', { autocomplete: true, choices: [{ name: 'a', value: 'a' }] }),
          ],
        }),
      ],
      { global: true },
    );
    expect(issues.map(describeIssue)).toEqual([
      '[0].name: Command name is invalid: "Ask" [APPLICATION_COMMAND_INVALID_NAME]',
      '[1].description: Must be between 1 and 100 in length. [BASE_TYPE_BAD_LENGTH]',
      '[3].options[1].required: Required options must be placed before non-required options [APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID]',
      '[3].options[2].autocomplete: Autocomplete cannot be set with choices [APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_WITH_CHOICES]',
      '[2].name: Application command names must be unique [APPLICATION_COMMANDS_DUPLICATE_NAME]',
    ]);
  });

  it('refuses a 26th option, a 101-character description and a command over 8000 characters', () => {
    const many = Array.from({ length: 26 }, (_, i) => option(`o${i}`));
    expect(codes(checkCommandOverwrite([command({ options: many })], { global: false }))).toContain(
      'BASE_TYPE_MAX_LENGTH',
    );
    expect(codes(checkCommandList([command({ description: 'd'.repeat(101) })], { global: false }))).toEqual([
      'BASE_TYPE_BAD_LENGTH',
    ]);
    const choices = Array.from({ length: 25 }, (_, i) => ({
      name: `${i}`.padEnd(100, 'n'),
      value: `${i}`.padEnd(100, 'v'),
    }));
    const big = command({
      options: Array.from({ length: 2 }, (_, i) => option(`o${i}`, { description: 'd'.repeat(100), choices })),
    });
    expect(codes(checkCommandList([big], { global: false }))).toEqual(['APPLICATION_COMMAND_TOO_LARGE']);
  });

  it('accepts names in other scripts and refuses spaces in slash command names', () => {
    expect(checkCommandList([command({ name: 'पूछो' }), command({ name: 'ถาม' })], { global: false })).toEqual([]);
    expect(codes(checkCommandList([command({ name: 'ask me' })], { global: false }))).toEqual([
      'APPLICATION_COMMAND_INVALID_NAME',
    ]);
    expect(checkCommandList([{ type: 3, name: 'Find papers' }], { global: false })).toEqual([]);
  });
});

describe('over HTTP', () => {
  let fake: FakeDiscord;
  const api = (path: string) => `${fake.apiBase}/v10${path}`;
  const bot = () => ({ Authorization: `Bot ${fake.token}`, 'Content-Type': 'application/json' });

  beforeAll(async () => {
    fake = await startFakeDiscord();
  });
  afterAll(async () => {
    await fake?.stop();
  });

  it('speaks the gateway handshake and answers a callback with 204 and no content type', async () => {
    const put = await fetch(api(`/applications/${fake.world.applicationId}/commands`), {
      method: 'PUT',
      headers: bot(),
      body: JSON.stringify([{ name: 'ask', description: 'Ask' }]),
    });
    expect(put.status).toBe(200);
    expect(() => fake.dispatch.chatInput('ask')).toThrow(/no session has identified/);

    const socket = new WebSocket(`${fake.gateway.url}?v=10&encoding=json`);
    const received: { op: number; t: string | null; d: Record<string, unknown> }[] = [];
    socket.on('message', (data) => received.push(JSON.parse(String(data)) as (typeof received)[number]));
    await once(socket, 'open');
    socket.send(
      JSON.stringify({ op: 2, d: { token: fake.token, intents: 1 | (1 << 9), properties: {}, shard: [0, 1] } }),
    );
    const guildCreate = await fake.waitFor(
      () => received.find((m) => m.t === 'GUILD_CREATE'),
      () => 'GUILD_CREATE',
    );
    try {
      expect(received[0]).toMatchObject({ op: 10, d: { heartbeat_interval: 41_250 } });
      expect(received.find((m) => m.t === 'READY')?.d).toMatchObject({
        user: { id: fake.bot.id },
        guilds: [{ id: fake.guild.id, unavailable: true }],
        application: { id: fake.world.applicationId },
        resume_gateway_url: expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+\/gateway\/resume$/),
      });
      expect(guildCreate.d).toMatchObject({
        id: fake.guild.id,
        roles: expect.arrayContaining([expect.objectContaining({ name: '@everyone' })]),
      });

      const handle = fake.dispatch.chatInput('ask');
      await fake.waitFor(
        () => received.find((m) => m.t === 'INTERACTION_CREATE'),
        () => 'INTERACTION_CREATE',
      );
      const callback = await fetch(api(`/interactions/${handle.id}/${handle.token}/callback`), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ type: 4, data: { content: 'hi' } }),
      });
      expect(callback.status).toBe(204);
      expect(callback.headers.get('content-type')).toBeNull();

      const withResponse = fake.dispatch.chatInput('ask');
      const answered = await fetch(
        api(`/interactions/${withResponse.id}/${withResponse.token}/callback?with_response=true`),
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ type: 5 }),
        },
      );
      expect(answered.status).toBe(200);
      expect(await answered.json()).toMatchObject({
        interaction: { id: withResponse.id, response_message_loading: true },
        resource: { type: 5, message: { content: '' } },
      });
    } finally {
      socket.close(1000);
    }
    expect(fake.takeViolations()).toEqual([]);
  });

  it('records unknown routes and missing auth as violations', async () => {
    const unknown = await fetch(api('/guilds/1/bans'), { headers: bot() });
    expect(unknown.status).toBe(404);
    const unauthorized = await fetch(api(`/channels/${fake.channel('general').id}/messages`), {
      method: 'POST',
      body: '{"content":"x"}',
    });
    expect(unauthorized.status).toBe(401);
    expect(fake.takeViolations().map((v) => v.status)).toEqual([404, 401]);
  });

  it('reads multipart bodies (payload_json and files) as discord.js sends attachments', async () => {
    const form = new FormData();
    form.append(
      'payload_json',
      JSON.stringify({ content: 'the paper', attachments: [{ id: '0', filename: 'bert.bib' }] }),
    );
    form.append('files[0]', new Blob(['@article{bert}'], { type: 'text/plain' }), 'bert.bib');
    const response = await fetch(api(`/channels/${fake.channel('papers').id}/messages`), {
      method: 'POST',
      headers: { Authorization: `Bot ${fake.token}` },
      body: form,
    });
    expect(response.status).toBe(200);
    const message = (await response.json()) as { content: string; attachments: { filename: string; size: number }[] };
    expect(message.content).toBe('the paper');
    expect(message.attachments).toMatchObject([{ filename: 'bert.bib', size: 14 }]);
    expect(fake.requests.at(-1)?.files).toEqual(['bert.bib']);
    expect(fake.violations).toEqual([]);
  });

  it('resolves mentions only as allowed_mentions permits', () => {
    const alice = fake.user('alice');
    const content = `<@${alice.id}> and @everyone`;
    expect(resolveMentions(fake.world, content, undefined)).toMatchObject({
      users: [{ id: alice.id }],
      everyone: true,
    });
    expect(resolveMentions(fake.world, content, { parse: [] })).toEqual({ users: [], roles: [], everyone: false });
    expect(resolveMentions(fake.world, content, { parse: [], users: [alice.id] })).toMatchObject({
      users: [{ id: alice.id }],
      everyone: false,
    });
  });
});
