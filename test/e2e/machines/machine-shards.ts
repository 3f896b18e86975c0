/**
 * The two machines the e2e test starts, and docker-compose.yml runs: shard ranges 0-0 and 1-1 of 2.
 * `test/docker-compose.test.ts` holds docker-compose.yml to these.
 */
export const MACHINE_SHARDS = { count: 2, ranges: ['0-0', '1-1'] } as const;
