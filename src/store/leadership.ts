/**
 * Who runs the jobs that must run once for the whole bot (the digest scheduler). Every machine runs the
 * scheduler; each run first asks `isLeader`, and only the leader posts. The ledger's claims and Discord's
 * nonce still guard every post, so a leader that lost its lease without knowing it cannot post twice.
 */
export interface Leadership {
  /** Whether this process leads now; takes or renews the lease when due. Never throws: unsure is `false`. */
  isLeader(now: Date): Promise<boolean>;
  /** How often `isLeader` must be asked for a held lease to stay held: the scheduler wakes at least this often. */
  readonly checkEveryMs: number;
  /** Lets the lease go (on shutdown), so another machine takes over at once rather than when it expires. */
  release(): Promise<void>;
}

/**
 * A leadership fixed at start: with SQLite there is one process (or one ShardingManager process holding
 * shard 0) and it always leads.
 * @example fixedLeadership(ownsScheduledJobs(bot.client))
 */
export function fixedLeadership(leads: boolean): Leadership {
  return {
    isLeader: () => Promise.resolve(leads),
    checkEveryMs: Number.POSITIVE_INFINITY,
    release: () => Promise.resolve(),
  };
}
