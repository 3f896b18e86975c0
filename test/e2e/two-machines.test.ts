// Two bot processes as two machines of one bot: shard ranges 0-0 and 1-1 of 2, each with its own DATA_DIR,
// one PostgreSQL between them (through a TCP proxy the test can cut), against one fake Discord that speaks
// sharding. The processes are `node dist/main.js`, started with docker-compose.yml's settings; their clocks are
// the test's (machines/fake-now.mjs). Without TEST_DATABASE_URL the machines keep SQLite each and only /ask
// is tested; the digest parts are skipped, saying how to run them.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { REST } from 'discord.js';
import type { APIMessage } from 'discord-api-types/v10';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/discord/commands/index.js';
import { deployCommands } from '../../src/discord/deploy.js';
import { FIXTURE_CORPUS, buttonId } from './bot-harness.js';
import { failOnProcessErrors, startFakeDiscord, type FakeDiscord } from './fake-discord/index.js';
import { BotMachine } from './machines/bot-machine.js';
import { MACHINE_SHARDS, machineSettings } from './machines/machine-settings.js';
import { TcpProxy, targetOf } from '../store/postgres/tcp-proxy.js';

const ROOT = resolve(import.meta.dirname, '../..');
const DATABASE = process.env.TEST_DATABASE_URL;
const SCHEMA = `paperboy_test_machines_${randomBytes(4).toString('hex')}`;
const START = Date.parse('2026-01-05T08:00:00.000Z');
const at = (hhmmss: string) => Date.parse(`2026-01-05T${hhmmss}.000Z`);
const QUOKKA = `---
title: "Quokka: Counting Marsupials from Above"
authors:
  - "Ada Lovelace"
year: 2026
url: https://example.org/quokka
---

Quokka counts from aerial photographs: a detector trained on island surveys finds quokka burrows.
`;
if (!DATABASE) {
  console.warn(
    'two-machines.test.ts: digests across machines skipped, no PostgreSQL. ' +
      'Run with TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test',
  );
}

failOnProcessErrors();
let fake: FakeDiscord;
let dir: string;
let proxy: TcpProxy | undefined;
let admin: pg.Pool | undefined;
const machines: BotMachine[] = [];

/** The shard that owns a guild, by Discord's formula. */
function shardOf(guildId: string): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(MACHINE_SHARDS.count));
}

/** TEST_DATABASE_URL, through the proxy, in this run's schema. */
function databaseUrl(through: TcpProxy): string {
  const url = new URL(through.urlFor(DATABASE!));
  url.searchParams.set('options', `-c search_path=${SCHEMA}`);
  return url.toString();
}

beforeAll(() => {
  const built = spawnSync(process.execPath, [join(ROOT, 'scripts/build.js'), '--if-changed'], { encoding: 'utf8' });
  expect(built.status, built.stderr).toBe(0);
}, 180_000);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'paperboy-machines-'));
  fake = await startFakeDiscord({
    guilds: [
      { name: 'Lab A', channels: ['general', 'digest', 'digest-2'] },
      { name: 'Lab B', channels: ['general', 'digest', 'digest-2'] },
    ],
    recommendedShards: MACHINE_SHARDS.count,
  });
  fake.clock.set(START);
  await deployCommands(
    new REST({ api: fake.apiBase }).setToken(fake.token),
    COMMANDS.map((c) => c.data),
    {},
  );
  if (DATABASE) {
    admin = new pg.Pool({ connectionString: DATABASE, max: 1 });
    await admin.query(`CREATE SCHEMA ${SCHEMA}`);
    proxy = await TcpProxy.start(targetOf(DATABASE));
  }
  for (const i of MACHINE_SHARDS.ranges.keys()) {
    // Each machine's own copy of the corpus folder, as a synced folder gives it.
    await cp(FIXTURE_CORPUS, join(dir, `corpus-${i}`), { recursive: true });
    const settings = machineSettings(i, {
      token: fake.token,
      apiBase: fake.apiBase,
      corpusDir: join(dir, `corpus-${i}`),
      dataDir: join(dir, `data-${i}`),
      databaseUrl: proxy ? databaseUrl(proxy) : undefined,
    });
    machines.push(new BotMachine({ name: `machine ${i} (shards ${settings.SHARDS})`, now: START, env: settings }));
  }
  await Promise.all(machines.map((m) => m.waitForLog((l) => l.msg === 'bot ready', 'bot ready')));
}, 60_000);

afterEach(() => fake.assertNoViolations());

afterAll(async () => {
  await Promise.all(machines.map((m) => m.stop()));
  await fake?.stop();
  await proxy?.close();
  await admin?.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
  await admin?.end();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The guild whose events go to machine `index`. */
function guildOf(index: number) {
  const guild = fake.world.guilds.find((g) => shardOf(g.id) === index);
  if (!guild) throw new Error(`no guild on shard ${index}`);
  return guild;
}

function channelOf(index: number, name: string): string {
  return guildOf(index).channels.find((c) => c.name === name)!.id;
}

async function askIn(index: number): Promise<void> {
  const ask = fake.dispatch.chatInput(
    'ask',
    { question: 'what mask ratio does PRED use' },
    { channel: channelOf(index, 'general') },
  );
  expect(JSON.stringify(await ask.reply())).toContain('PRED');
  await machines[index]!.waitForLog((l) => l.interaction === ask.record.id && l.msg === 'first response', 'its answer');
  expect(machines[1 - index]!.lines.some((l) => l.interaction === ask.record.id)).toBe(false);
}

/** `/digest subscribe` then Subscribe, in machine `index`'s guild, at `time` UTC. */
async function subscribe(index: number, channel: string, time: string): Promise<void> {
  const options = { channel: channelOf(index, channel), time, timezone: 'UTC', max: 2 };
  const preview = await fake.dispatch
    .chatInput('digest subscribe', options, { channel: channelOf(index, 'general') })
    .reply();
  const confirmed = await fake.dispatch.clickButton(preview, buttonId(preview, 'digest:confirm:')).reply();
  expect(confirmed.content).toMatch(/^Subscribed: digest #\d+/);
}

/** Both clocks to `epochMs`, the fake Discord's too (its nonce window). */
async function setNow(epochMs: number): Promise<void> {
  fake.clock.set(epochMs);
  await Promise.all(machines.filter((m) => m.running).map((m) => m.setNow(epochMs)));
}

/** Which machines logged a post to `channelId`. */
function posters(channelId: string): string[] {
  return machines
    .filter((m) => m.lines.some((l) => l.channel === channelId && /^digest: posted/.test(String(l.msg))))
    .map((m) => m.name);
}

/** Real time for the machines to act on a clock change: a few of their 1 s lease checks. */
const settle = (ms = 3_000) => new Promise((r) => setTimeout(r, ms));

async function digestIn(channelId: string): Promise<APIMessage> {
  return fake.waitFor(
    () => fake.channelMessages(channelId)[0],
    () => `a digest in ${channelId}`,
  );
}

describe('two machines, one shard each', () => {
  it('each machine identifies with its own shard of 2 and is told only of its own guild', async () => {
    for (const [i, machine] of machines.entries()) {
      const ready = await machine.waitForLog((l) => l.msg === 'bot ready', 'bot ready');
      expect(ready).toMatchObject({ shards: [i], guilds: 1 });
    }
    const identifies = fake.gateway.log.filter((e) => e.direction === 'received' && e.op === 2).map((e) => e.shard);
    expect(identifies.sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
  });

  it('answers /ask in a guild on each shard from the machine that runs that shard', async () => {
    await askIn(0);
    await askIn(1);
  });
});

describe.skipIf(!DATABASE).sequential('digests across two machines sharing PostgreSQL', () => {
  it('posts a subscription made through one machine once, from one machine, at its time', async () => {
    await subscribe(1, 'digest', '09:00');
    await subscribe(0, 'digest', '09:05');
    await subscribe(1, 'digest-2', '09:30');
    await subscribe(0, 'digest-2', '09:40');
    await setNow(at('08:59:58'));
    const message = await digestIn(channelOf(1, 'digest'));
    expect(message.content ?? '').not.toMatch(/late/i);
    await settle();
    expect(fake.channelMessages(channelOf(1, 'digest'))).toHaveLength(1);
    expect(posters(channelOf(1, 'digest'))).toHaveLength(1);
  });

  it('PostgreSQL out of reach over a slot: questions are answered, and the digest comes once, late, after', async () => {
    await setNow(at('09:04:50'));
    proxy!.cut();
    await setNow(at('09:05:10'));
    await settle(4_000); // every lease held has run out
    await askIn(0);
    await askIn(1);
    expect(fake.channelMessages(channelOf(0, 'digest'))).toHaveLength(0);
    // Back more than 5 minutes after the slot: the digest says it is late.
    await setNow(at('09:11:00'));
    await settle(2_000);
    expect(fake.channelMessages(channelOf(0, 'digest'))).toHaveLength(0);
    proxy!.restore();
    const message = await digestIn(channelOf(0, 'digest'));
    expect(JSON.stringify(message)).toMatch(/late/i);
    await settle();
    expect(fake.channelMessages(channelOf(0, 'digest'))).toHaveLength(1);
    expect(posters(channelOf(0, 'digest'))).toHaveLength(1);
  });

  it('a paper added on one machine is new once, for every machine, from when the first one saw it', async () => {
    await setNow(at('09:12:00'));
    await writeFile(join(dir, 'corpus-1', 'quokka.md'), QUOKKA);
    await machines[1]!.waitForLog((l) => l.msg === 'corpus reloaded' && l.added === 1, 'the quokka paper');
    // The synced copy reaches the other machine later.
    await setNow(at('09:25:00'));
    await writeFile(join(dir, 'corpus-0', 'quokka.md'), QUOKKA);
    await machines[0]!.waitForLog((l) => l.msg === 'corpus reloaded' && l.added === 1, 'the quokka paper');
    const seen = await admin!.query<{ first_seen: Date }>(
      `SELECT first_seen FROM ${SCHEMA}.paper_first_seen WHERE paper_id LIKE '%quokka%'`,
    );
    expect(seen.rows.map((r) => r.first_seen.toISOString().slice(11, 16))).toEqual(['09:12']);
    await setNow(at('09:29:58'));
    const digest = await digestIn(channelOf(1, 'digest-2'));
    expect(digest.content).not.toContain('From the archive');
    expect(JSON.stringify(digest.embeds)).toContain('Quokka');
    await settle();
    expect(fake.channelMessages(channelOf(1, 'digest-2'))).toHaveLength(1);
  });

  it('the leader killed before the next slot: the other machine takes over and posts it once', async () => {
    await setNow(at('09:39:50'));
    await settle(2_000);
    const { rows } = await admin!.query<{ holder: string }>(`SELECT holder FROM ${SCHEMA}.leader_leases`);
    const holder = rows[0]?.holder ?? '';
    const leader = machines.find((m) => holder.includes(`:${m.pid}:`));
    expect(leader, `lease holder ${holder}`).toBeDefined();
    const survivor = machines.find((m) => m !== leader)!;
    await leader!.kill();
    await digestIn(channelOf(0, 'digest-2'));
    await settle();
    expect(fake.channelMessages(channelOf(0, 'digest-2'))).toHaveLength(1);
    expect(posters(channelOf(0, 'digest-2'))).toEqual([survivor.name]);
    // Nothing lost or doubled: one sent row and one message per subscription.
    const sent = await admin!.query(`SELECT subscription_id FROM ${SCHEMA}.digest_sends WHERE state = 'sent'`);
    expect(sent.rowCount).toBe(4);
    for (const [index, channel] of [
      [1, 'digest'],
      [0, 'digest'],
      [1, 'digest-2'],
      [0, 'digest-2'],
    ] as const) {
      expect(fake.channelMessages(channelOf(index, channel))).toHaveLength(1);
    }
  });

  it('a machine stopped with SIGTERM (docker stop) exits 0 and lets the lease go at once', async () => {
    const [last] = machines.filter((m) => m.running);
    await last!.waitForLog((l) => l.msg === 'leader lease: this process leads', 'its lead');
    expect(await last!.stop()).toEqual({ code: 0, signal: null });
    const { rowCount } = await admin!.query(`SELECT 1 FROM ${SCHEMA}.leader_leases`);
    expect(rowCount).toBe(0);
  });
});
