// The fake Discord as several machines see it: one client per shard range on the same token, each identifying
// with [shard_id, num_shards], each told of its own guilds and its own guilds' events only; events of no guild
// (DMs) go to shard 0, as from Discord.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Events, type Client } from 'discord.js';
import { GatewayDispatchEvents, GatewayOpcodes } from 'discord-api-types/v10';
import { failOnProcessErrors, loginTestClient, startFakeDiscord, type FakeDiscord } from './fake-discord/index.js';

const guard = failOnProcessErrors();
let fake: FakeDiscord;
let machines: Client<true>[];

/** Every gateway event type a client received, in order. */
function rawEvents(client: Client): string[] {
  const seen: string[] = [];
  client.on(Events.Raw, (packet: { t?: string | null }) => void (packet.t && seen.push(packet.t)));
  return seen;
}

beforeAll(async () => {
  fake = await startFakeDiscord({
    guilds: [
      { name: 'Lab A', channels: ['general'] },
      { name: 'Lab B', channels: ['general'] },
      { name: 'Lab C', channels: ['general'] },
    ],
    recommendedShards: 2,
  });
  machines = [];
  for (const id of [0, 1]) machines.push(await loginTestClient(fake, { guard, shards: { ids: [id], count: 2 } }));
  await machines[0]!.application.commands.set([{ name: 'ping', description: 'Round trip' }]);
});

afterEach(() => fake.assertNoViolations());

afterAll(async () => {
  for (const client of machines) await client.destroy();
  await fake?.stop();
});

/** The shard that owns a guild, by Discord's formula. */
function shardOf(guildId: string, count = 2): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(count));
}

describe('two machines on one token, one shard each', () => {
  it('answers GET /gateway/bot with the recommended shard count', async () => {
    const response = await fetch(`${fake.apiBase}/v10/gateway/bot`, {
      headers: { Authorization: `Bot ${fake.token}` },
    });
    expect(await response.json()).toMatchObject({ shards: 2 });
  });

  it('takes an IDENTIFY with [shard_id, num_shards] from each and tells each only of its own guilds', () => {
    const identifies = fake.gateway.log.filter((e) => e.direction === 'received' && e.op === GatewayOpcodes.Identify);
    expect(identifies.map((e) => e.shard)).toEqual([
      [0, 2],
      [1, 2],
    ]);
    for (const [id, client] of machines.entries()) {
      const expected = fake.world.guilds.filter((g) => shardOf(g.id) === id).map((g) => g.id);
      expect(expected.length).toBeGreaterThan(0);
      expect([...client.guilds.cache.keys()].sort()).toEqual(expected.sort());
    }
  });

  it('sends a guild interaction and a guild message only to the machine whose shard owns the guild', async () => {
    const seen = machines.map(rawEvents);
    for (const client of machines) {
      client.on(Events.InteractionCreate, (interaction) => {
        if (interaction.isChatInputCommand()) void interaction.reply(`pong from shard ${interaction.guild!.shardId}`);
      });
    }
    for (const guild of fake.world.guilds) {
      const handle = fake.dispatch.chatInput('ping', {}, { channel: guild.channels[0]!.id });
      expect((await handle.reply()).content).toBe(`pong from shard ${shardOf(guild.id)}`);
      fake.dispatch.mention('hello', { channel: guild.channels[0]!.id });
    }
    const owned = (id: number) => fake.world.guilds.filter((g) => shardOf(g.id) === id).length;
    for (const id of [0, 1]) {
      const events = seen[id]!;
      await fake.waitFor(
        () => events.filter((t) => t === GatewayDispatchEvents.MessageCreate).length >= 2 * owned(id) || undefined,
        () => `shard ${id}'s messages`,
      );
      expect(events.filter((t) => t === GatewayDispatchEvents.InteractionCreate)).toHaveLength(owned(id));
    }
  });

  it('sends an event of no guild (a DM) to shard 0 only', async () => {
    const seen = machines.map(rawEvents);
    fake.gateway.dispatch('TYPING_START', { channel_id: '1', user_id: fake.user('alice').id, timestamp: 0 });
    await fake.waitFor(
      () => seen[0]!.includes('TYPING_START') || undefined,
      () => 'the DM event on shard 0',
    );
    expect(seen[1]).not.toContain('TYPING_START');
  });
});
