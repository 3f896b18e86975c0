// Two bot processes as two machines of one bot: shard ranges 0-0 and 1-1 of 2, each with its own DATA_DIR,
// against one fake Discord that speaks sharding. Each guild's commands reach only the machine whose shard
// owns the guild. The processes are `node dist/main.js`, started as docker-compose.yml starts them.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { REST } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/discord/commands/index.js';
import { deployCommands } from '../../src/discord/deploy.js';
import { FIXTURE_CORPUS } from './bot-harness.js';
import { failOnProcessErrors, startFakeDiscord, type FakeDiscord } from './fake-discord/index.js';
import { BotMachine } from './machines/bot-machine.js';
import { MACHINE_SHARDS, machineSettings } from './machines/machine-settings.js';

const ROOT = resolve(import.meta.dirname, '../..');
const START = Date.parse('2026-01-05T08:00:00.000Z');

failOnProcessErrors();
let fake: FakeDiscord;
let dir: string;
const machines: BotMachine[] = [];

/** The shard that owns a guild, by Discord's formula. */
function shardOf(guildId: string): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(MACHINE_SHARDS.count));
}

beforeAll(() => {
  const built = spawnSync(process.execPath, [join(ROOT, 'scripts/build.js'), '--if-changed'], { encoding: 'utf8' });
  expect(built.status, built.stderr).toBe(0);
}, 180_000);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'paperboy-machines-'));
  fake = await startFakeDiscord({
    guilds: [
      { name: 'Lab A', channels: ['general', 'digest'] },
      { name: 'Lab B', channels: ['general', 'digest'] },
    ],
    recommendedShards: MACHINE_SHARDS.count,
  });
  fake.clock.set(START);
  await deployCommands(
    new REST({ api: fake.apiBase }).setToken(fake.token),
    COMMANDS.map((c) => c.data),
    {},
  );
  for (const [i, shards] of MACHINE_SHARDS.ranges.entries()) {
    machines.push(
      new BotMachine({
        name: `machine ${i} (shards ${shards})`,
        now: START,
        env: machineSettings(i, {
          token: fake.token,
          apiBase: fake.apiBase,
          corpusDir: FIXTURE_CORPUS,
          dataDir: join(dir, `data-${i}`),
        }),
      }),
    );
  }
  await Promise.all(machines.map((m) => m.waitForLog((l) => l.msg === 'bot ready', 'bot ready')));
}, 60_000);

afterEach(() => fake.assertNoViolations());

afterAll(async () => {
  await Promise.all(machines.map((m) => m.stop()));
  await fake?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

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
    for (const guild of fake.world.guilds) {
      const ask = fake.dispatch.chatInput(
        'ask',
        { question: 'what mask ratio does PRED use' },
        { channel: guild.channels[0]!.id },
      );
      const reply = await ask.reply();
      expect(JSON.stringify(reply)).toContain('PRED');
      const owner = machines[shardOf(guild.id)]!;
      const other = machines[1 - shardOf(guild.id)]!;
      await owner.waitForLog((l) => l.interaction === ask.record.id && l.msg === 'first response', 'its answer');
      expect(other.lines.some((l) => l.interaction === ask.record.id)).toBe(false);
    }
  });
});
