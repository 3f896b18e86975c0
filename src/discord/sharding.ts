import type { Client } from 'discord.js';
import type { Config } from '../config.js';
import type { DiscordShards } from './client.js';

/**
 * The shards this process runs, from the settings: `SHARDS=0-3` with `SHARD_COUNT=8` is `{ ids: [0,1,2,3], count: 8 }`.
 * @example discordShards({ SHARDS: [{ first: 1, last: 1 }], SHARD_COUNT: 2, SHARDING_MANAGER: false }) // { ids: [1], count: 2 }
 */
export function discordShards(config: Pick<Config, 'SHARDS' | 'SHARD_COUNT' | 'SHARDING_MANAGER'>): DiscordShards {
  const shards = config.SHARDS;
  if (config.SHARDING_MANAGER) return 'manager';
  if (!Array.isArray(shards)) return shards;
  const ids = shards.flatMap((range) =>
    Array.from({ length: range.last - range.first + 1 }, (_, i) => range.first + i),
  );
  // loadConfig insists on SHARD_COUNT with ids; one more than the highest id is the least it can be.
  return { ids: ids.sort((a, b) => a - b), count: config.SHARD_COUNT ?? Math.max(...ids) + 1 };
}

/**
 * Whether this process runs the jobs that must run once for the whole bot (the digest scheduler):
 * true unless discord.js's ShardingManager spawned it for a shard other than 0. Posting needs only
 * REST, which any process can reach, so the process holding shard 0 posts for every guild.
 * @example if (ownsScheduledJobs(bot.client)) scheduler.start()
 */
export function ownsScheduledJobs(client: Pick<Client, 'shard'>): boolean {
  return client.shard === null || client.shard.ids.includes(0);
}
