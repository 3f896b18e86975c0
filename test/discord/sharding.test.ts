import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { discordShards } from '../../src/discord/sharding.js';

describe('discordShards', () => {
  it('turns SHARDS=0-3 with SHARD_COUNT=8 into shards 0 to 3 of 8', () => {
    expect(discordShards(loadConfig({ SHARDS: '0-3', SHARD_COUNT: '8' }))).toEqual({ ids: [0, 1, 2, 3], count: 8 });
    expect(discordShards(loadConfig({ SHARDS: '6,0-1', SHARD_COUNT: '8' }))).toEqual({ ids: [0, 1, 6], count: 8 });
  });

  it("keeps 'auto' and a number, and leaves a ShardingManager's process to discord.js", () => {
    expect(discordShards(loadConfig({}))).toBe('auto');
    expect(discordShards(loadConfig({ SHARDS: '4' }))).toBe(4);
    expect(discordShards(loadConfig({ SHARDS: '1', SHARD_COUNT: '2', SHARDING_MANAGER: 'true' }))).toBe('manager');
  });
});
