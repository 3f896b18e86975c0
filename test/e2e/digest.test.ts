// The digest job against the fake Discord: real discord.js REST, real HTTP, the fake's validation of every
// message body, its nonce handling and its faults. Time is the job's injected clock; the fake's clock is
// set to the same instant so its nonce window lines up.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REST } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Paper } from '../../src/core/paper/paper.js';
import { DigestJob, type PostMessage } from '../../src/discord/digest/digest-job.js';
import { restPostMessage } from '../../src/discord/post-message.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { MemoryLogger, makePaper } from '../discord/digest/digest-harness.js';
import { failOnProcessErrors, startFakeDiscord, type FakeDiscord } from './fake-discord/index.js';

failOnProcessErrors();

const SLOT = Date.parse('2025-06-02T07:00:00.000Z'); // 09:00 in Berlin
const CHANNELS = Array.from({ length: 50 }, (_, i) => `digest-${i + 1}`);
const PAPERS: Paper[] = Array.from({ length: 12 }, (_, i) =>
  makePaper(
    `p${i}`,
    `Graph paper number ${i} @everyone`,
    `Graph methods, part ${i}, are studied here. <@1> ${'x '.repeat(400)}`,
  ),
);

let fake: FakeDiscord;
let dir: string;
let store: Store;
let logger: MemoryLogger;

beforeEach(async () => {
  fake = await startFakeDiscord({ guilds: [{ name: 'Lab', channels: CHANNELS }] });
  fake.clock.set(SLOT);
  dir = mkdtempSync(join(tmpdir(), 'paperboy-digest-e2e-'));
  store = openSqliteStore(join(dir, 'paperboy.sqlite'));
  await store.papers.recordPapers(
    PAPERS.map((p) => p.id),
    new Date('2025-05-01T00:00:00Z'),
  );
  logger = new MemoryLogger();
});

afterEach(async () => {
  fake.assertNoViolations();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  await fake.stop();
});

async function subscribeAll(): Promise<void> {
  for (const name of CHANNELS) {
    await store.subscriptions.add(
      {
        guildId: fake.guild.id,
        channelId: fake.channel(name).id,
        time: '09:00',
        timezone: 'Europe/Berlin',
        topic: 'graph',
        max: 10,
        createdBy: fake.user('alice').id,
      },
      new Date('2025-06-01T00:00:00Z'),
    );
  }
}

/** The job's clock starts at the slot and moves with real time, so sent times show how long a run took. */
function job(postMessage: PostMessage, owner = 'e2e', start = SLOT): DigestJob {
  const started = Date.now();
  return new DigestJob({
    store,
    postMessage,
    corpus: () => ({ papers: PAPERS }),
    clock: () => new Date(start + (Date.now() - started)),
    logger,
    owner,
  });
}

function rest(): REST {
  return new REST({ api: fake.apiBase }).setToken(fake.token);
}

describe('digests against the fake Discord', () => {
  it('posts 50 subscriptions once each, within a minute, a few at a time and without a single 429', async () => {
    await subscribeAll();
    let inFlight = 0;
    let peak = 0;
    const post = restPostMessage(rest());
    const counted: PostMessage = async (channelId, body) => {
      peak = Math.max(peak, ++inFlight);
      try {
        return await post(channelId, body);
      } finally {
        inFlight--;
      }
    };
    const outcomes = await job(counted).runDue(new Date(SLOT));
    expect(outcomes.filter((o) => o.kind === 'posted')).toHaveLength(50);
    for (const name of CHANNELS) expect(fake.channelMessages(name)).toHaveLength(1);
    const posts = fake.requests.filter((r) => r.method === 'POST' && r.route === '/channels/{channel_id}/messages');
    expect(posts).toHaveLength(50);
    expect(posts.every((r) => r.status === 200)).toBe(true);
    // Four at a time, one message per channel: far below Discord's 5 per 5 s per channel and 50 per second.
    expect(peak).toBeLessThanOrEqual(4);
    const sends = await Promise.all(CHANNELS.map((_, i) => store.ledger.scheduledFor(i + 1, '2025-06-02')));
    const sent = sends.map((send) => Date.parse(send!.sentAt!));
    expect(Math.max(...sent) - SLOT).toBeLessThan(60_000);
    // What readers see: ten papers, escaped, nothing that could ping.
    const message = fake.channelMessages('digest-1')[0]!;
    expect(message.embeds).toHaveLength(10);
    expect(message.mentions).toEqual([]);
    expect(message.mention_everyone).toBe(false);
  });

  it('rides out 429s and 5xx: discord.js waits and retries, every channel still gets exactly one digest', async () => {
    await subscribeAll();
    fake.faults.rateLimit('POST /channels/{channel_id}/messages', { times: 3, retryAfterMs: 50 });
    fake.faults.serverError('POST /channels/{channel_id}/messages', { times: 2, status: 502 });
    const outcomes = await job(restPostMessage(rest())).runDue(new Date(SLOT));
    expect(outcomes.filter((o) => o.kind === 'posted')).toHaveLength(50);
    for (const name of CHANNELS) expect(fake.channelMessages(name)).toHaveLength(1);
  });

  it('a crash after Discord created the message: the restarted process re-posts with the nonce, no double', async () => {
    await store.subscriptions.add(
      {
        guildId: fake.guild.id,
        channelId: fake.channel('digest-1').id,
        time: '09:00',
        timezone: 'Europe/Berlin',
        topic: '',
        max: 3,
        createdBy: fake.user('alice').id,
      },
      new Date('2025-06-01T00:00:00Z'),
    );
    const post = restPostMessage(rest());
    // The first process's post reaches Discord; the process dies before it hears back.
    const dying: PostMessage = async (channelId, body) => {
      await post(channelId, body);
      return new Promise(() => {});
    };
    void job(dying, 'first').runDue(new Date(SLOT));
    for (let i = 0; i < 200 && fake.channelMessages('digest-1').length === 0; i++) {
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(fake.channelMessages('digest-1')).toHaveLength(1);
    fake.clock.advance(3 * 60_000); // the restart, after the lease ran out, inside Discord's nonce window
    const outcomes = await job(post, 'restarted', SLOT + 3 * 60_000).runDue();
    expect(outcomes).toMatchObject([{ kind: 'posted', messageId: fake.channelMessages('digest-1')[0]!.id }]);
    expect(fake.channelMessages('digest-1')).toHaveLength(1);
  });

  it('missing permissions in one channel pause that subscription, with the reason, and the others post', async () => {
    await subscribeAll();
    const lost = fake.channel('digest-7').id;
    fake.faults.missingPermissions(`POST /channels/${lost}/messages`, { times: Infinity });
    const outcomes = await job(restPostMessage(rest())).runDue(new Date(SLOT));
    expect(outcomes.filter((o) => o.kind === 'posted')).toHaveLength(49);
    const paused = (await store.subscriptions.listForGuild(fake.guild.id)).find((s) => s.channelId === lost)!;
    expect(paused).toMatchObject({
      status: 'paused',
      statusReason: expect.stringMatching(/Missing Permissions \(Discord 50013\)/),
    });
    expect(logger.lines.find((l) => l.level === 'warn')?.message).toMatch(/subscription paused/);
  });

  it('a deleted channel disables its subscription', async () => {
    await store.subscriptions.add(
      {
        guildId: fake.guild.id,
        channelId: '123456789012345678',
        time: '09:00',
        timezone: 'Europe/Berlin',
        topic: '',
        max: 3,
        createdBy: fake.user('alice').id,
      },
      new Date('2025-06-01T00:00:00Z'),
    );
    expect(await job(restPostMessage(rest())).runDue(new Date(SLOT))).toMatchObject([{ kind: 'disabled' }]);
    expect(await store.subscriptions.get(1)).toMatchObject({
      status: 'disabled',
      statusReason: expect.stringMatching(/10003/),
    });
  });
});
