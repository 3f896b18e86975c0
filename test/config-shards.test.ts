import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('SHARDS', () => {
  it('defaults to auto and accepts a number of shards', () => {
    expect(loadConfig({}).SHARDS).toBe('auto');
    expect(loadConfig({ SHARDS: '4' }).SHARDS).toBe(4);
  });

  it('rejects zero shards, naming the setting', () => {
    expect(() => loadConfig({ SHARDS: '0' })).toThrow(ConfigError);
    expect(() => loadConfig({ SHARDS: '0' })).toThrow(
      `config: SHARDS: "0" is not 'auto' or a whole number of shards (1-1000)`,
    );
  });

  it('accepts what discord.js’s ShardingManager sets in the processes it spawns (shard id 0)', () => {
    const config = loadConfig({ SHARDS: '0', SHARD_COUNT: '2', SHARDING_MANAGER: 'true' });
    expect(config).toMatchObject({ SHARDS: 0, SHARDING_MANAGER: true });
    expect(loadConfig({}).SHARDING_MANAGER).toBe(false);
  });
});
