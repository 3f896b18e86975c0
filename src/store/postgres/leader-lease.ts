// Leader election through PostgreSQL: one lease row per job, held by the machine that last renewed it
// before it expired. Taking and renewing are one atomic upsert, so two machines can never both win it.
import pg from 'pg';
import type { Leadership } from '../leadership.js';

export const LEADER_LEASE_OPTIONS = {
  /** A lease not renewed within this is anyone's: a dead leader is replaced within ttl + one check. */
  ttlMs: 30_000,
  /** The leader renews, and the others look for an expired lease, this often. */
  renewEveryMs: 10_000,
} as const;

/**
 * The lease table. Not one of the store's versioned migrations: it holds no data worth keeping (every row
 * is stale within `ttlMs`), and SQLite, always its own leader, has no use for it.
 */
export const LEADER_LEASE_TABLE_SQL = `
  CREATE TABLE IF NOT EXISTS leader_leases (
    name       text PRIMARY KEY,
    holder     text NOT NULL,
    expires_at timestamptz NOT NULL
  )`;

/** Takes a free or expired lease, or renews our own; returns a row only when we hold it afterwards. */
const TAKE_OR_RENEW_SQL = `
  INSERT INTO leader_leases (name, holder, expires_at) VALUES ($1, $2, $3)
  ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
    WHERE leader_leases.holder = EXCLUDED.holder OR leader_leases.expires_at <= $4
  RETURNING holder`;

const RELEASE_SQL = 'DELETE FROM leader_leases WHERE name = $1 AND holder = $2';

/** The part of a pg Pool the lease uses. */
export interface LeaseDatabase {
  query(text: string, values?: unknown[]): Promise<{ rowCount: number | null }>;
}

/** What the lease tells the log: changes of leader and the start and end of an outage, once each. */
export interface LeaseLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface LeaderLeaseOptions {
  db: LeaseDatabase;
  /** This process, unique per run (a restarted process is a new holder): `host:pid:random`. */
  holder: string;
  /** The job the lease is for. */
  name?: string;
  ttlMs?: number;
  renewEveryMs?: number;
  logger?: LeaseLogger;
}

/**
 * A lease row with an expiry, renewed every `renewEveryMs` by whoever holds it. Time is the caller's `now`
 * (the scheduler's clock), written into the row: the machines' clocks must agree to well within the ttl
 * (NTP does). A database that cannot be reached leaves us leader only until the lease we hold expires.
 * @example const lease = new LeaderLease({ db: pool, holder: processOwner() }); if (await lease.isLeader(new Date())) …
 */
export class LeaderLease implements Leadership {
  readonly checkEveryMs: number;
  readonly #db: LeaseDatabase;
  readonly #holder: string;
  readonly #name: string;
  readonly #ttlMs: number;
  readonly #logger: LeaseLogger | undefined;
  /** When our lease runs out (0: we hold none), and when we last asked the database. */
  #heldUntil = 0;
  #askedAt = Number.NEGATIVE_INFINITY;
  #asking: Promise<boolean> | undefined;
  #unreachable = false;
  #tableReady = false;

  constructor(options: LeaderLeaseOptions) {
    this.#db = options.db;
    this.#holder = options.holder;
    this.#name = options.name ?? 'digest-scheduler';
    this.#ttlMs = options.ttlMs ?? LEADER_LEASE_OPTIONS.ttlMs;
    this.checkEveryMs = options.renewEveryMs ?? LEADER_LEASE_OPTIONS.renewEveryMs;
    this.#logger = options.logger;
    if (!(this.checkEveryMs < this.#ttlMs)) {
      throw new RangeError(`leader lease: renewEveryMs ${this.checkEveryMs} must be below ttlMs ${this.#ttlMs}`);
    }
  }

  isLeader(now: Date): Promise<boolean> {
    const at = now.getTime();
    if (at - this.#askedAt < this.checkEveryMs) return Promise.resolve(at < this.#heldUntil);
    this.#asking ??= this.#ask(at).finally(() => (this.#asking = undefined));
    return this.#asking;
  }

  async release(): Promise<void> {
    if (this.#heldUntil === 0) return;
    this.#heldUntil = 0;
    await this.#db.query(RELEASE_SQL, [this.#name, this.#holder]).catch(() => undefined);
  }

  async #ask(at: number): Promise<boolean> {
    const expires = new Date(at + this.#ttlMs);
    try {
      // Made on first use, not at start-up: a database that blinks while the index is built must not stop the bot.
      if (!this.#tableReady) await this.#createTable();
      const result = await this.#db.query(TAKE_OR_RENEW_SQL, [this.#name, this.#holder, expires, new Date(at)]);
      this.#askedAt = at;
      if (this.#unreachable) this.#logger?.info({ lease: this.#name }, 'leader lease: database reachable again');
      this.#unreachable = false;
      const held = (result.rowCount ?? 0) > 0;
      if (held !== this.#heldUntil > 0) {
        this.#logger?.info(
          { lease: this.#name, holder: this.#holder },
          held ? 'leader lease: this process leads' : 'leader lease: another process leads',
        );
      }
      this.#heldUntil = held ? expires.getTime() : 0;
      return held;
    } catch (error) {
      if (!this.#unreachable) {
        this.#logger?.warn(
          { lease: this.#name, err: error instanceof Error ? error.message : String(error) },
          'leader lease: cannot reach the database; leading only until the lease held expires',
        );
      }
      this.#unreachable = true;
      return at < this.#heldUntil;
    }
  }

  async #createTable(): Promise<void> {
    try {
      await this.#db.query(LEADER_LEASE_TABLE_SQL);
    } catch (error) {
      // Two machines starting together: CREATE TABLE IF NOT EXISTS can lose a race on the catalog (23505,
      // 42P07); the table is then there.
      const code = (error as { code?: unknown }).code;
      if (code !== '23505' && code !== '42P07') throw error;
    }
    this.#tableReady = true;
  }
}

export interface OpenLeaderLeaseOptions extends Omit<LeaderLeaseOptions, 'db'> {
  /** DATABASE_URL; never logged. */
  url: string;
  /** The store's own schema, when it has one (the tests' per-run schema). */
  schema?: string | undefined;
}

/**
 * A lease on its own one-connection pool (so a busy store pool never delays a renewal); its table is created
 * on first use if missing. `close` releases the lease and ends the pool.
 */
export function openLeaderLease(options: OpenLeaderLeaseOptions): { lease: LeaderLease; close(): Promise<void> } {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: 1,
    connectionTimeoutMillis: 5_000,
    query_timeout: 10_000,
    application_name: 'paperboy-leader',
    ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
  });
  // A dropped idle connection: the next query opens another. Without a listener the error would end the process.
  pool.on('error', () => undefined);
  const lease = new LeaderLease({ ...options, db: pool });
  return {
    lease,
    close: async () => {
      await lease.release();
      await pool.end();
    },
  };
}
