// Which machine posts digests: with PostgreSQL, whoever holds the leader lease (every machine competes);
// with SQLite, the one process (or the ShardingManager process holding shard 0), always.
import type { Client } from 'discord.js';
import { fixedLeadership, type Leadership } from '../../store/leadership.js';
import { openLeaderLease, type LeaseLogger } from '../../store/postgres/leader-lease.js';
import { ownsScheduledJobs } from '../sharding.js';

export interface DigestLeadershipOptions {
  /** DATABASE_URL; unset with SQLite. */
  databaseUrl: string | undefined;
  /** LEADER_LEASE_SECONDS: the lease's life unrenewed; it is renewed every third of it. */
  leaseSeconds: number;
  /** This process, as the ledger knows it (`processOwner()`). */
  holder: string;
  logger: LeaseLogger;
}

export interface DigestLeadership {
  /** The leadership for the bot's client, once it is ready. */
  forClient(client: Pick<Client, 'shard'>): Leadership;
  /** Lets the lease go (another machine takes over at its next check) and closes its connection. Idempotent. */
  close(): Promise<void>;
}

export function openDigestLeadership(options: DigestLeadershipOptions): DigestLeadership {
  if (!options.databaseUrl) {
    return { forClient: (client) => fixedLeadership(ownsScheduledJobs(client)), close: () => Promise.resolve() };
  }
  const ttlMs = options.leaseSeconds * 1000;
  const opened = openLeaderLease({
    url: options.databaseUrl,
    holder: options.holder,
    ttlMs,
    renewEveryMs: Math.floor(ttlMs / 3),
    logger: options.logger,
  });
  let closing: Promise<void> | undefined;
  return { forClient: () => opened.lease, close: () => (closing ??= opened.close()) };
}
