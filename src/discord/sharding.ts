import type { Client } from 'discord.js';

/**
 * Whether this process runs the jobs that must run once for the whole bot (the digest scheduler):
 * true unless discord.js's ShardingManager spawned it for a shard other than 0. Posting needs only
 * REST, which any process can reach, so the process holding shard 0 posts for every guild.
 * @example if (ownsScheduledJobs(bot.client)) scheduler.start()
 */
export function ownsScheduledJobs(client: Pick<Client, 'shard'>): boolean {
  return client.shard === null || client.shard.ids.includes(0);
}
