// Personal alerts end to end: `/alert` through the real discord.js client against the fake Discord (DM
// channel creation, the member route, every body validated), and the digest job posting them by DM at each
// user's local time, with the fake's clock set to the job's.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REST, Routes, type APIDMChannel } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlertService } from '../../src/core/alerts/alert-service.js';
import type { Paper } from '../../src/core/paper/paper.js';
import { DigestJob, type PostMessage } from '../../src/discord/digest/digest-job.js';
import { restMemberCheck, restPostMessage } from '../../src/discord/post-message.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { MemoryLogger, makePaper } from '../discord/digest/digest-harness.js';
import { buttonId, fixtureCorpus, startBotOnFake, type BotOnFake } from './bot-harness.js';
import { failOnProcessErrors, leaveGuild, startFakeDiscord, type FakeDiscord } from './fake-discord/index.js';

failOnProcessErrors();

const MADE = Date.parse('2025-06-01T10:00:00.000Z');
const ARRIVED = new Date('2025-06-01T12:00:00.000Z');
const BERLIN_8 = Date.parse('2025-06-02T06:00:00.000Z'); // 08:00 in Berlin (CEST)
const NEW_YORK_8 = Date.parse('2025-06-02T12:00:00.000Z'); // 08:00 in New York (EDT)
const PAPERS: Paper[] = [0, 1, 2].map((i) => makePaper(`g${i}`, `Graph pooling study ${i}`));

let fake: FakeDiscord;
let dir: string;
let store: Store;
let running: BotOnFake | undefined;
let logger: MemoryLogger;

beforeEach(async () => {
  fake = await startFakeDiscord();
  fake.clock.set(MADE);
  dir = mkdtempSync(join(tmpdir(), 'paperboy-alerts-e2e-'));
  store = openSqliteStore(join(dir, 'paperboy.sqlite'));
  logger = new MemoryLogger();
});

afterEach(async () => {
  await running?.bot.stop();
  running = undefined;
  fake.assertNoViolations();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  await fake.stop();
});

function rest(): REST {
  return new REST({ api: fake.apiBase }).setToken(fake.token);
}

/** A job whose clock is `at` (and the fake's too, so the nonce window lines up). */
function job(at: number, owner = 'e2e', postMessage: PostMessage = restPostMessage(rest())): DigestJob {
  fake.clock.set(at);
  return new DigestJob({
    store,
    postMessage,
    corpus: () => ({ papers: PAPERS }),
    clock: () => new Date(at),
    logger,
    owner,
    memberOf: restMemberCheck(rest()),
  });
}

async function startBot(): Promise<void> {
  const alerts = new AlertService({ store, poster: job(MADE), clock: () => new Date(fake.clock.now()) });
  running = await startBotOnFake(fake, await fixtureCorpus(), { store, votes: store.votes, alerts });
}

/** `/alert add` with its preview, then Save, as `user`. */
async function addAlert(user: string, options: Record<string, string>): Promise<string> {
  const preview = await fake.dispatch.chatInput('alert add', options, { user }).reply();
  expect(preview.content).toContain('Save an alert');
  const saved = await fake.dispatch.clickButton(preview, buttonId(preview, 'alert:save:'), { user }).reply();
  return saved.content;
}

async function openDm(user: string): Promise<string> {
  const dm = (await rest().post(Routes.userChannels(), { body: { recipient_id: fake.user(user).id } })) as APIDMChannel;
  return dm.id;
}

async function alertFor(user: string, timezone = 'Europe/Berlin'): Promise<number> {
  const alert = await store.subscriptions.add(
    {
      kind: 'alert',
      guildId: fake.guild.id,
      channelId: await openDm(user),
      time: '08:00',
      timezone,
      topic: 'graph',
      max: 10,
      createdBy: fake.user(user).id,
    },
    new Date(MADE),
  );
  return alert.id;
}

describe('personal alerts against the fake Discord', () => {
  it('previews, saves, and sends each user a DM at 08:00 their time, in two time zones, only on days with news', async () => {
    await startBot();
    expect(await addAlert('alice', { topic: 'graph pooling', timezone: 'Europe/Berlin' })).toContain('Saved alert #1');
    expect(await addAlert('bob', { topic: 'graph', time: '8:00', timezone: 'America/New_York' })).toContain(
      'Saved alert #2',
    );
    // Bob's time zone is remembered: his second alert needs none.
    expect(await addAlert('bob', { topic: 'pooling' })).toContain('America/New\\_York');
    const aliceDm = (await store.subscriptions.listForUser(fake.user('alice').id))[0]!.channelId;
    const bobDm = (await store.subscriptions.listForUser(fake.user('bob').id))[0]!.channelId;
    // Alerts are not the server's digests.
    expect(await store.subscriptions.listForGuild(fake.guild.id)).toEqual([]);
    await store.papers.recordPapers(
      PAPERS.map((p) => p.id),
      ARRIVED,
    );

    const atBerlin = await job(BERLIN_8).runDue(new Date(BERLIN_8));
    expect(atBerlin.map((o) => o.kind)).toEqual(['posted']);
    expect(fake.channelMessages(aliceDm)).toHaveLength(1);
    expect(fake.channelMessages(bobDm)).toHaveLength(0);
    const dm = fake.channelMessages(aliceDm)[0]!;
    expect(dm.content).toContain('Your alert');
    expect(dm.embeds.at(-1)?.footer?.text).toBe('Paperboy · alert #1 · 2025-06-02');
    expect(dm.embeds).toHaveLength(3);
    expect(dm.components ?? []).toEqual([]);

    const atNewYork = await job(NEW_YORK_8).runDue(new Date(NEW_YORK_8));
    expect(atNewYork.map((o) => o.kind).sort()).toEqual(['posted', 'posted']);
    expect(fake.channelMessages(bobDm)).toHaveLength(2);

    // The next day brings nothing new: nothing is sent, and a restarted process does not send it later.
    const nextDay = BERLIN_8 + 86_400_000;
    expect((await job(nextDay).runDue(new Date(nextDay))).map((o) => o.kind)).toEqual(['nothing-new']);
    expect(await job(nextDay + 3_600_000, 'restarted').runDue(new Date(nextDay + 3_600_000))).toEqual([]);
    expect(fake.channelMessages(aliceDm)).toHaveLength(1);
  });

  it('sends exactly once across a restart during the send: the next owner re-sends with the same nonce', async () => {
    const id = await alertFor('alice');
    await store.papers.recordPapers(['g0'], ARRIVED);
    const post = restPostMessage(rest());
    // The first process posts, then dies before it records the message: its run never finishes.
    let posted!: () => void;
    const sentOnce = new Promise<void>((resolve) => (posted = resolve));
    const dies: PostMessage = async (channelId, body) => {
      await post(channelId, body);
      posted();
      return new Promise(() => undefined);
    };
    void job(BERLIN_8, 'first', dies).runDue(new Date(BERLIN_8));
    await sentOnce;
    // The restarted process waits out the dead one's lease (2 min), then posts the saved plan with its nonce.
    const later = BERLIN_8 + 3 * 60_000;
    expect((await job(later, 'restarted').runDue(new Date(later))).map((o) => o.kind)).toEqual(['posted']);
    expect(await job(later + 60_000, 'third').runDue(new Date(later + 60_000))).toEqual([]);
    const dm = (await store.subscriptions.get(id))!.channelId;
    expect(fake.channelMessages(dm)).toHaveLength(1);
  });

  it('says it is late when it goes out past its time (after a restart or an outage), as a digest does', async () => {
    const id = await alertFor('alice');
    await store.papers.recordPapers(['g0'], ARRIVED);
    const late = BERLIN_8 + 2 * 3_600_000;
    expect((await job(late).runDue(new Date(late))).map((o) => o.kind)).toEqual(['posted']);
    const dm = fake.channelMessages((await store.subscriptions.get(id))!.channelId)[0]!;
    expect(dm.content).toContain('-# Posted late: this alert was due at 08:00 \\(Europe/Berlin\\)');
  });

  it('pauses an alert Discord refuses to DM (50007) and tells the user the next time they use the bot', async () => {
    await startBot();
    const id = await alertFor('alice');
    await store.papers.recordPapers(['g0'], ARRIVED);
    fake.faults.add('POST /channels/{channel_id}/messages', {
      kind: 'error',
      status: 403,
      code: 50007,
      message: 'Cannot send messages to this user',
    });
    expect((await job(BERLIN_8).runDue(new Date(BERLIN_8))).map((o) => o.kind)).toEqual(['paused']);
    expect((await store.subscriptions.get(id))!.status).toBe('paused');
    fake.clock.set(BERLIN_8 + 60_000);
    const list = fake.dispatch.chatInput('alert list', {}, { user: 'alice' });
    expect((await list.reply()).content).toContain('paused');
    expect((await list.followUp(0)).content).toContain('Discord did not let Paperboy send you a DM');
    // Told once.
    const again = fake.dispatch.chatInput('alert list', {}, { user: 'alice' });
    await again.reply();
    await running!.bot.router.drain(5_000);
    expect(again.record.followUps).toHaveLength(0);
    // Resumed, it sends again.
    expect(
      (await fake.dispatch.chatInput('alert resume', { alert: String(id) }, { user: 'alice' }).reply()).content,
    ).toContain('Resumed');
    const resumed = BERLIN_8 + 5 * 60_000;
    expect((await job(resumed).runDue(new Date(resumed))).map((o) => o.kind)).toEqual(['posted']);
  });

  it('does not write to a user who left the server: the alert is paused with the reason', async () => {
    const id = await alertFor('bob');
    await store.papers.recordPapers(['g0'], ARRIVED);
    leaveGuild(fake.world, fake.guild.id, fake.user('bob').id);
    expect((await job(BERLIN_8).runDue(new Date(BERLIN_8))).map((o) => o.kind)).toEqual(['paused']);
    const alert = (await store.subscriptions.get(id))!;
    expect(alert.statusReason).toBe('left the server');
    expect(fake.channelMessages(alert.channelId)).toHaveLength(0);
  });

  it('keeps at most 10 alerts per user; /forget removes them', async () => {
    await startBot();
    for (let i = 0; i < 10; i++) await alertFor('alice');
    const refused = await fake.dispatch
      .chatInput('alert add', { topic: 'graph', timezone: 'UTC' }, { user: 'alice' })
      .reply();
    expect(refused.content).toContain('You have 10 alerts');
    const forgot = await fake.dispatch.chatInput('forget', {}, { user: 'alice' }).reply();
    expect(forgot.content).toContain('10 alerts');
    expect(await store.subscriptions.listForUser(fake.user('alice').id)).toEqual([]);
  });

  it('asks once for a time zone when none was ever given', async () => {
    await startBot();
    const reply = await fake.dispatch.chatInput('alert add', { topic: 'graph' }, { user: 'alice' }).reply();
    expect(reply.content).toContain('Which time zone');
  });
});
