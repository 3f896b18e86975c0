// `/digest` end to end: the real bot (router, commands, buttons) and the real digest job, against the
// fake Discord. Every body the bot sends is checked against Discord's schema and limits.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PermissionFlagsBits, ApplicationCommandType } from 'discord.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/discord/bot.js';
import type { CorpusView } from '../../src/discord/command.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { buttonId, captureLog, fixtureCorpus, botSuiteHooks, digestsOnFake, startBotOnFake } from './bot-harness.js';
import { failOnProcessErrors, startFakeDiscord, type FakeDiscord } from './fake-discord/index.js';

const guard = failOnProcessErrors();
let fake: FakeDiscord;
let corpus: CorpusView;
let dir: string;
let store: Store;
let bot: RunningBot;
let changes = 0;
const log = captureLog();

beforeAll(async () => {
  fake = await startFakeDiscord();
  fake.clock.set(Date.parse('2025-06-02T06:00:00.000Z'));
  corpus = await fixtureCorpus();
  dir = mkdtempSync(join(tmpdir(), 'paperboy-digest-commands-'));
  store = openSqliteStore(join(dir, 'paperboy.sqlite'));
  await store.papers.recordPapers(
    corpus.index.papers.map((p) => p.id),
    new Date('2025-05-01T00:00:00Z'),
  );
  const digests = digestsOnFake(fake, store, corpus, log.logger, () => void changes++);
  ({ bot } = await startBotOnFake(fake, corpus, { log, digests }));
  guard.watch(bot.client);
});

botSuiteHooks(
  () => ({ fake, bot }),
  async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  },
);

describe('/digest', () => {
  it('is registered for guild managers only, in guilds', () => {
    const registered = fake.commands.find('digest', ApplicationCommandType.ChatInput, fake.guild.id)!;
    expect(registered.default_member_permissions).toBe(PermissionFlagsBits.ManageGuild.toString());
    expect(registered.options?.map((o) => o.name)).toEqual(['subscribe', 'list', 'unsubscribe', 'preview', 'now']);
  });

  it('autocompletes IANA timezones', async () => {
    const choices = await fake.dispatch
      .autocomplete('digest subscribe', { channel: 'digest', time: '09:00', timezone: 'berl' }, 'timezone')
      .choices();
    expect(choices).toEqual([{ name: 'Europe/Berlin', value: 'Europe/Berlin' }]);
  });

  it('subscribe shows a preview and saves nothing until Subscribe is clicked', async () => {
    const before = (await store.subscriptions.listForGuild(fake.guild.id)).length;
    const preview = await fake.dispatch
      .chatInput('digest subscribe', {
        channel: 'digest',
        time: '9:00',
        timezone: 'europe/berlin',
        topic: 'pre-training',
        max: 3,
      })
      .reply();
    expect(preview.content).toContain(
      `**Subscribe <#${fake.channel('digest').id}> every day at 09:00 (Europe/Berlin)?**`,
    );
    expect(preview.content).toContain('📰 **Preview** · topic “pre-training”');
    expect(preview.embeds.length).toBeGreaterThan(0);
    expect(preview.embeds.length).toBeLessThanOrEqual(3);
    expect(await store.subscriptions.listForGuild(fake.guild.id)).toHaveLength(before);

    const confirmId = buttonId(preview, 'digest:confirm:');
    const stale = structuredClone(preview);
    const confirmed = await fake.dispatch.clickButton(preview, confirmId).reply();
    expect(confirmed.content).toMatch(
      /^Subscribed: digest #\d+: <#\d+> · 09:00 Europe\/Berlin · topic “pre-training” · up to 3\./,
    );
    expect(confirmed.components).toEqual([]);
    const saved = (await store.subscriptions.listForGuild(fake.guild.id)).at(-1)!;
    expect(saved).toMatchObject({
      time: '09:00',
      timezone: 'Europe/Berlin',
      topic: 'pre-training',
      max: 3,
      status: 'active',
    });
    expect(changes).toBeGreaterThan(0);
    // A second click (a stale client still showing the button) does not subscribe twice.
    const again = await fake.dispatch.clickButton(stale, confirmId).reply();
    expect(again.content).toContain('expired');
    expect(await store.subscriptions.listForGuild(fake.guild.id)).toHaveLength(before + 1);
  });

  it('Cancel saves nothing; bad settings are named and nothing is saved', async () => {
    const before = (await store.subscriptions.listForGuild(fake.guild.id)).length;
    const preview = await fake.dispatch
      .chatInput('digest subscribe', { channel: 'papers', time: '18:30', timezone: 'UTC' })
      .reply();
    const cancelled = await fake.dispatch.clickButton(preview, buttonId(preview, 'digest:cancel:')).reply();
    expect(cancelled.content).toBe('Cancelled: nothing was saved.');
    const bad = await fake.dispatch
      .chatInput('digest subscribe', { channel: 'papers', time: '25:00', timezone: 'Mars/Base' })
      .reply();
    expect(bad.content).toContain('Nothing was saved');
    expect(bad.content).toContain("'25:00' is not a 24-hour time");
    expect(bad.content).toContain("'Mars/Base' is not an IANA timezone");
    expect(await store.subscriptions.listForGuild(fake.guild.id)).toHaveLength(before);
  });

  it('now posts in the channel; lost permissions pause it, list shows why, and now resumes it', async () => {
    const sub = await store.subscriptions.add(
      {
        guildId: fake.guild.id,
        channelId: fake.channel('papers').id,
        time: '07:00',
        timezone: 'UTC',
        topic: '',
        max: 2,
        createdBy: fake.user('alice').id,
      },
      new Date(fake.clock.now()),
    );
    const route = `POST /channels/${fake.channel('papers').id}/messages`;
    fake.faults.missingPermissions(route, { times: 1 });
    const failed = await fake.dispatch.chatInput('digest now', { subscription: String(sub.id) }).reply();
    expect(failed.content).toMatch(
      /now paused: the bot cannot post in channel \d+: Missing Permissions \\\(Discord 50013\\\)/,
    );

    const list = await fake.dispatch.chatInput('digest list').reply();
    const text = list.embeds[0]!.description!;
    expect(text).toContain(`**#${sub.id}** <#${fake.channel('papers').id}> · 07:00 UTC · every paper · up to 2`);
    expect(text).toMatch(/⏸️ \*\*paused\*\*: the bot cannot post in channel \d+: Missing Permissions/);

    const posted = await fake.dispatch.chatInput('digest now', { subscription: String(sub.id) }).reply();
    const messages = fake.channelMessages('papers');
    expect(posted.content).toContain(`/${messages.at(-1)!.id}`);
    expect(messages.at(-1)!.content).toContain('📰 **Digest, posted on request**');
    expect(await store.subscriptions.get(sub.id)).toMatchObject({ status: 'active', statusReason: null });
  });

  it('unsubscribe picks from this server’s digests and removes one', async () => {
    const sub = await store.subscriptions.add(
      {
        guildId: fake.guild.id,
        channelId: fake.channel('general').id,
        time: '12:00',
        timezone: 'Asia/Tokyo',
        topic: 'graph',
        max: 1,
        createdBy: fake.user('alice').id,
      },
      new Date(fake.clock.now()),
    );
    const choices = await fake.dispatch.autocomplete('digest unsubscribe', { subscription: 'tokyo' }).choices();
    expect(choices).toEqual([{ name: `#${sub.id} · #general · 12:00 Asia/Tokyo · graph`, value: String(sub.id) }]);
    const done = await fake.dispatch.chatInput('digest unsubscribe', { subscription: String(sub.id) }).reply();
    expect(done.content).toContain(`Stopped digest #${sub.id}`);
    expect(await store.subscriptions.get(sub.id)).toBeUndefined();
    const missing = await fake.dispatch.chatInput('digest unsubscribe', { subscription: String(sub.id) }).reply();
    expect(missing.content).toContain('No such digest in this server');
  });

  it('preview shows, privately, what a digest on a topic would hold', async () => {
    const reply = await fake.dispatch.chatInput('digest preview', { topic: 'pre-training -graph', max: 2 }).reply();
    expect(reply.content).toContain('📰 **Preview** · topic “pre-training -graph”');
    expect(reply.flags! & 64).toBe(64);
    expect(reply.embeds.length).toBeLessThanOrEqual(2);
  });
});
