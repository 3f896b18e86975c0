import { Client, GatewayIntentBits, Partials, type ClientOptions } from 'discord.js';

/**
 * Slash commands, buttons, context menus and messages that mention the bot need no privileged intent:
 * Discord includes the content of a message that mentions the bot (or replies to it with a ping), and of
 * every DM to it, even without MessageContent. GuildMessages brings messages in threads too; DirectMessages
 * the DM conversations.
 */
export const BOT_INTENTS: readonly GatewayIntentBits[] = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.DirectMessages,
];

export interface DiscordClientOptions {
  /** REST base without the API version, e.g. `https://discord.com/api` (the `DISCORD_API_BASE` setting). */
  apiBase: string;
  shards?: DiscordShards;
  intents?: readonly GatewayIntentBits[];
}

/**
 * `'auto'` asks Discord for the recommended count; a number runs that many shards in this process;
 * `{ ids, count }` runs those shards of `count` (one machine of several); `'manager'`: a process spawned by
 * discord.js's ShardingManager, whose shard ids discord.js reads itself.
 */
export type DiscordShards = 'auto' | number | 'manager' | { ids: readonly number[]; count: number };

/**
 * Builds the discord.js client. The REST base is the only switch between Discord, a REST proxy and a test's fake.
 * Mentions are off by default so no text the bot quotes can ping anyone; a reply opts in explicitly.
 */
export function createDiscordClient(options: DiscordClientOptions): Client {
  const shards = options.shards ?? 'auto';
  const sharding: Pick<ClientOptions, 'shards' | 'shardCount'> =
    shards === 'manager'
      ? {}
      : shards === 'auto'
        ? { shards: 'auto' }
        : typeof shards === 'number'
          ? { shards: Array.from({ length: shards }, (_, id) => id), shardCount: shards }
          : { shards: [...shards.ids], shardCount: shards.count };
  return new Client({
    intents: [...(options.intents ?? BOT_INTENTS)],
    // discord.js appends `/v10`; a trailing slash would double it.
    rest: { api: options.apiBase.replace(/\/+$/, '') },
    allowedMentions: { parse: [], repliedUser: false },
    // A DM channel is not in the cache until its first message: without this partial discord.js drops DMs.
    partials: [Partials.Channel],
    ...sharding,
  });
}
