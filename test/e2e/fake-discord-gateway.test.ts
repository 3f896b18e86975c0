import { once } from 'node:events';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Events, GatewayIntentBits, type Client } from 'discord.js';
import { GatewayCloseCodes, GatewayOpcodes } from 'discord-api-types/v10';
import { createDiscordClient } from '../../src/discord/client.js';
import { failOnProcessErrors, loginTestClient, startFakeDiscord, type FakeDiscord } from './fake-discord/index.js';

// Gateway behaviour with the real client: heartbeats, zombie connections, op 7, op 9, close codes, sharding.
// The fake sends a short heartbeat interval here so a zombie is noticed within a few hundred milliseconds.

const guard = failOnProcessErrors();

describe('a connection that recovers', () => {
  let fake: FakeDiscord;
  let client: Client<true>;

  beforeAll(async () => {
    fake = await startFakeDiscord({ heartbeatIntervalMs: 100 });
    client = await loginTestClient(fake, { guard });
    await client.application.commands.set([{ name: 'ping', description: 'Round trip' }], fake.guild.id);
    client.on(Events.InteractionCreate, async (interaction) => {
      if (interaction.isChatInputCommand()) await interaction.reply('pong');
    });
  });

  afterEach(() => fake.assertNoViolations());

  afterAll(async () => {
    await client?.destroy();
    await fake?.stop();
  });

  async function expectRoundTrip(): Promise<void> {
    const reply = await fake.dispatch.chatInput('ping').reply();
    expect(reply.content).toBe('pong');
  }

  const sentOps = (op: number) => fake.gateway.log.filter((e) => e.direction === 'sent' && e.op === op).length;
  const receivedOps = (op: number) => fake.gateway.log.filter((e) => e.direction === 'received' && e.op === op).length;

  it('acknowledges heartbeats', async () => {
    await fake.waitFor(
      () => (sentOps(GatewayOpcodes.HeartbeatAck) > 0 ? true : undefined),
      () => 'a heartbeat ACK',
    );
    expect(receivedOps(GatewayOpcodes.Heartbeat)).toBeGreaterThan(0);
  });

  it('resumes a zombie connection on resume_gateway_url and replays what was dispatched meanwhile', async () => {
    const resumed = once(client, Events.ShardResume);
    const closedBefore = fake.gateway.log.filter((e) => e.direction === 'closed').length;
    fake.gateway.withholdHeartbeatAcks(1);
    // discord.js closes the zombie with 4200 ("resuming"); dispatch while it is away.
    await fake.waitFor(
      () => (fake.gateway.log.filter((e) => e.direction === 'closed').length > closedBefore ? true : undefined),
      () => 'the client to drop the zombie connection',
    );
    const missed = fake.dispatch.chatInput('ping');
    const [, replayed] = (await resumed) as [number, number];

    expect(replayed).toBeGreaterThanOrEqual(1);
    expect((await missed.reply()).content).toBe('pong');
    const resume = fake.gateway.log.find((e) => e.direction === 'received' && e.op === GatewayOpcodes.Resume);
    const hello = fake.gateway.log.find((e) => e.connection === resume?.connection && e.op === GatewayOpcodes.Hello);
    expect(hello?.path).toBe('/gateway/resume');
    expect(fake.gateway.identifies).toBe(1);
  });

  it('reconnects and resumes on op 7 RECONNECT', async () => {
    const resumes = fake.gateway.resumes;
    const resumed = once(client, Events.ShardResume);
    fake.gateway.requestReconnect();
    await resumed;
    expect(fake.gateway.resumes).toBe(resumes + 1);
    await expectRoundTrip();
  });

  it('resumes on a resumable op 9 INVALID_SESSION', async () => {
    const resumed = once(client, Events.ShardResume);
    fake.gateway.invalidateSessions(true);
    await resumed;
    expect(fake.gateway.identifies).toBe(1);
    await expectRoundTrip();
  });

  it('resumes after the gateway closes with 4000 (unknown error)', async () => {
    const resumed = once(client, Events.ShardResume);
    fake.gateway.closeConnections(GatewayCloseCodes.UnknownError);
    await resumed;
    await expectRoundTrip();
  });

  it('stops for good on 4004 (authentication failed), as Discord means it', async () => {
    const disconnected = once(client, Events.ShardDisconnect);
    const shardError = once(client, Events.ShardError);
    fake.gateway.closeConnections(GatewayCloseCodes.AuthenticationFailed);
    const [event] = (await disconnected) as [{ code: number }];
    expect(event.code).toBe(GatewayCloseCodes.AuthenticationFailed);
    await shardError;
    expect(fake.gateway.connected).toBe(false);
  });
});

describe('logging in with something wrong', () => {
  let fake: FakeDiscord;

  beforeAll(async () => {
    fake = await startFakeDiscord();
  });

  afterAll(async () => {
    await fake?.stop();
  });

  it('rejects login with a wrong token (REST 401 before the gateway)', async () => {
    const client = createDiscordClient({ apiBase: fake.apiBase });
    await expect(client.login(`${fake.token}x`)).rejects.toMatchObject({ code: 'TokenInvalid' });
    await client.destroy();
    expect(fake.takeViolations()).toMatchObject([{ status: 401, route: '/gateway/bot' }]);
  });

  it('rejects login asking for a privileged intent that is not enabled (4014)', async () => {
    const login = loginTestClient(fake, { intents: [GatewayIntentBits.Guilds, GatewayIntentBits.MessageContent] });
    await expect(login).rejects.toThrow('Used disallowed intents');
    expect(
      fake.gateway.log.some((e) => e.direction === 'closed' && e.code === GatewayCloseCodes.DisallowedIntents),
    ).toBe(true);
  });

  it('rejects login with an unknown intent bit (4013)', async () => {
    const login = loginTestClient(fake, { intents: [GatewayIntentBits.Guilds, (1 << 29) as GatewayIntentBits] });
    await expect(login).rejects.toThrow('Used invalid intents');
    expect(fake.gateway.log.some((e) => e.direction === 'closed' && e.code === GatewayCloseCodes.InvalidIntents)).toBe(
      true,
    );
  });

  it('accepts MessageContent once it is enabled for the application', async () => {
    fake.gateway.privilegedIntents = GatewayIntentBits.MessageContent;
    const client = await loginTestClient(fake, {
      guard,
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
    });
    try {
      const received = once(client, Events.MessageCreate);
      fake.dispatch.message('no mention, but the bot may read it now');
      const [message] = (await received) as [{ content: string }];
      expect(message.content).toBe('no mention, but the bot may read it now');
    } finally {
      await client.destroy();
      fake.gateway.privilegedIntents = 0;
    }
  });
});

describe('sharding', () => {
  it('identifies each shard with its own guilds and routes a guild interaction to the shard that owns it', async () => {
    const fake = await startFakeDiscord({
      guilds: [
        { name: 'Lab A', channels: ['general'] },
        { name: 'Lab B', channels: ['general', 'digest'] },
      ],
    });
    const client = await loginTestClient(fake, { guard, shards: 2 });
    try {
      const ready = fake.gateway.log.filter((e) => e.direction === 'sent' && e.t === 'READY');
      expect(ready).toHaveLength(2);
      expect(client.guilds.cache.map((g) => g.shardId).sort()).toEqual([0, 1]);

      const [, labB] = fake.world.guilds;
      await client.application.commands.set([{ name: 'ping', description: 'Round trip' }]);
      const shardOf = new Promise<number>((resolve) => {
        client.once(Events.InteractionCreate, (interaction) => {
          resolve(interaction.guild?.shardId ?? -1);
          if (interaction.isChatInputCommand()) void interaction.reply('pong');
        });
      });
      const handle = fake.dispatch.chatInput('ping', {}, { channel: labB!.channels[1]!.id });
      expect(await shardOf).toBe(client.guilds.cache.get(labB!.id)?.shardId);
      expect((await handle.reply()).channel_id).toBe(labB!.channels[1]!.id);
      fake.assertNoViolations();
    } finally {
      await client.destroy();
      await fake.stop();
    }
  });
});
