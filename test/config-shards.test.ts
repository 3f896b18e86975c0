import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

function message(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('SHARDS', () => {
  it('defaults to auto and accepts a number of shards', () => {
    expect(loadConfig({}).SHARDS).toBe('auto');
    expect(loadConfig({ SHARDS: '4' }).SHARDS).toBe(4);
  });

  it('rejects zero shards, naming the setting', () => {
    expect(() => loadConfig({ SHARDS: '0' })).toThrow(ConfigError);
    expect(message({ SHARDS: '0' })).toBe(
      `config: SHARDS: "0" is not 'auto', a whole number of shards (1-1000) or shard ids such as 0-3 (with SHARD_COUNT)`,
    );
  });

  it('accepts what discord.js’s ShardingManager sets in the processes it spawns (shard id 0)', () => {
    const config = loadConfig({ SHARDS: '0', SHARD_COUNT: '2', SHARDING_MANAGER: 'true' });
    expect(config).toMatchObject({ SHARDS: 0, SHARD_COUNT: 2, SHARDING_MANAGER: true });
    expect(loadConfig({}).SHARDING_MANAGER).toBe(false);
  });
});

describe('SHARDS as shard ids of SHARD_COUNT (one machine of several)', () => {
  it('reads a range, a single id and a list of them', () => {
    expect(loadConfig({ SHARDS: '0-3', SHARD_COUNT: '8' })).toMatchObject({
      SHARDS: [{ first: 0, last: 3 }],
      SHARD_COUNT: 8,
    });
    expect(loadConfig({ SHARDS: '1-1', SHARD_COUNT: '2' }).SHARDS).toEqual([{ first: 1, last: 1 }]);
    expect(loadConfig({ SHARDS: '0-1, 4-5,7', SHARD_COUNT: '8' }).SHARDS).toEqual([
      { first: 0, last: 1 },
      { first: 4, last: 5 },
      { first: 7, last: 7 },
    ]);
  });

  it('rejects ids beyond the count, naming the last id there is', () => {
    expect(message({ SHARDS: '4-8', SHARD_COUNT: '8' })).toBe(
      'config: SHARDS: "4-8" is not within SHARD_COUNT=8 (shard ids run 0-7; 8 is beyond)',
    );
  });

  it('rejects a reversed range', () => {
    expect(message({ SHARDS: '3-1', SHARD_COUNT: '8' })).toBe(
      'config: SHARDS: "3-1" is not a range from low to high (3-1 is reversed)',
    );
  });

  it('rejects ranges that overlap', () => {
    expect(message({ SHARDS: '0-3,2-5', SHARD_COUNT: '8' })).toBe(
      'config: SHARDS: "0-3,2-5" is not a list of separate shard ids (shard 2 is named twice)',
    );
  });

  it('rejects what is not a number, a range or auto', () => {
    for (const bad of ['a-b', '0-', '1..3', '-1', '0-3;4']) {
      expect(message({ SHARDS: bad, SHARD_COUNT: '8' })).toBe(
        `config: SHARDS: ${JSON.stringify(bad)} is not 'auto', a whole number of shards (1-1000) or shard ids such as 0-3 (with SHARD_COUNT)`,
      );
    }
    expect(message({ SHARDS: '0-1', SHARD_COUNT: 'eight' })).toBe(
      'config: SHARD_COUNT: "eight" is not a whole number of shards (1-1000)',
    );
  });

  it('needs SHARD_COUNT with ids, and SHARD_COUNT needs ids', () => {
    expect(message({ SHARDS: '0-3' })).toBe(
      'config: SHARDS: "0-3" is not usable without SHARD_COUNT (set the total number of shards, e.g. SHARD_COUNT=8)',
    );
    expect(message({ SHARDS: '4', SHARD_COUNT: '8' })).toBe(
      'config: SHARD_COUNT: "8" is not meaningful without shard ids in SHARDS (SHARDS=4-4 runs those shards of SHARD_COUNT)',
    );
  });
});

describe('LEADER_LEASE_SECONDS', () => {
  it('defaults to 30 s and takes 3 to 600', () => {
    expect(loadConfig({}).LEADER_LEASE_SECONDS).toBe(30);
    expect(loadConfig({ LEADER_LEASE_SECONDS: '3' }).LEADER_LEASE_SECONDS).toBe(3);
    expect(message({ LEADER_LEASE_SECONDS: '1' })).toBe(
      'config: LEADER_LEASE_SECONDS: "1" is not a whole number of seconds (3-600)',
    );
  });
});
