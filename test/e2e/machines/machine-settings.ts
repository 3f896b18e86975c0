/**
 * The two machines the e2e test starts and docker-compose.yml runs: shard ranges 0-0 and 1-1 of 2.
 * `test/docker-compose.test.ts` holds docker-compose.yml to these settings.
 */
export const MACHINE_SHARDS = { count: 2, ranges: ['0-0', '1-1'] } as const;

/**
 * Settings the test sets and docker-compose.yml leaves at their defaults: the fake Discord's address, a
 * lease short enough for a test's failover, and info-level logs to read.
 */
export const TEST_ONLY_SETTINGS = ['DISCORD_API_BASE', 'LEADER_LEASE_SECONDS', 'LOG_LEVEL'] as const;

export interface MachinePlace {
  token: string;
  apiBase: string;
  corpusDir: string;
  dataDir: string;
  /** Unset: each machine keeps SQLite in its own DATA_DIR. */
  databaseUrl?: string | undefined;
}

/** The settings of machine `index` (0 or 1): the same on every machine but SHARDS and DATA_DIR. */
export function machineSettings(index: number, place: MachinePlace): Record<string, string> {
  return {
    DISCORD_TOKEN: place.token,
    DISCORD_API_BASE: place.apiBase,
    ...(place.databaseUrl ? { DATABASE_URL: place.databaseUrl } : {}),
    SHARDS: MACHINE_SHARDS.ranges[index]!,
    SHARD_COUNT: String(MACHINE_SHARDS.count),
    CORPUS_DIR: place.corpusDir,
    DATA_DIR: place.dataDir,
    LEADER_LEASE_SECONDS: '3',
    // Each machine watches its own copy of the corpus folder (compose: one shared folder, watched by both).
    WATCH_CORPUS: 'true',
    LOG_LEVEL: 'info',
  };
}
