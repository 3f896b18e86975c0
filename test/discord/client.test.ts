import { describe, expect, it } from 'vitest';
import { GatewayIntentBits, IntentsBitField } from 'discord.js';
import { BOT_INTENTS, createDiscordClient } from '../../src/discord/client.js';

describe('createDiscordClient', () => {
  it('takes its REST base from the setting, without a trailing slash (discord.js appends /v10)', () => {
    expect(createDiscordClient({ apiBase: 'https://proxy.example/api/' }).options.rest?.api).toBe(
      'https://proxy.example/api',
    );
    expect(createDiscordClient({ apiBase: 'http://127.0.0.1:8080/api' }).options.rest?.api).toBe(
      'http://127.0.0.1:8080/api',
    );
  });

  it('asks for Guilds, GuildMessages and DirectMessages only: no privileged intent', () => {
    const intents = createDiscordClient({ apiBase: 'https://discord.com/api' }).options.intents;
    expect(intents.bitfield).toBe(
      GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.DirectMessages,
    );
    expect(new IntentsBitField(BOT_INTENTS).has(GatewayIntentBits.MessageContent)).toBe(false);
  });

  it("runs every shard of a fixed count in this process, or leaves 'auto' to Discord", () => {
    const fixed = createDiscordClient({ apiBase: 'https://discord.com/api', shards: 3 }).options;
    expect([fixed.shards, fixed.shardCount]).toEqual([[0, 1, 2], 3]);
    expect(createDiscordClient({ apiBase: 'https://discord.com/api' }).options.shards).toBe('auto');
  });

  it('runs only the given shard ids of a total count, one machine of several', () => {
    const some = createDiscordClient({ apiBase: 'https://discord.com/api', shards: { ids: [2, 3], count: 8 } }).options;
    expect([some.shards, some.shardCount]).toEqual([[2, 3], 8]);
  });

  it('pings nobody unless a message opts in', () => {
    const { allowedMentions } = createDiscordClient({ apiBase: 'https://discord.com/api' }).options;
    expect(allowedMentions).toEqual({ parse: [], repliedUser: false });
  });
});
