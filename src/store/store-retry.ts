// Store calls that fail because the database is out of reach are tried again with back-off, and the
// outage is logged once when it starts and once when it ends, however many calls fail meanwhile.

export interface RetryPolicy {
  /** The first wait; each next one doubles, up to `maxDelayMs`. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** A write keeps trying this long (a digest's "sent" mark must outlive an outage, or it posts twice). */
  writeBudgetMs: number;
  /** A read gives up sooner: whoever asked (a command, a digest run) can ask again. */
  readBudgetMs: number;
}

export const STORE_RETRY: RetryPolicy = {
  firstDelayMs: 250,
  maxDelayMs: 10_000,
  writeBudgetMs: 15 * 60_000,
  readBudgetMs: 10_000,
};

/** The part of a pino logger the retry uses. */
export interface RetryLogger {
  warn(fields: object, message: string): void;
  info(fields: object, message: string): void;
}

export interface StoreRetryDeps {
  /** Where the store is, as logged (host:port/database or a file). */
  location: string;
  isTransient: (error: unknown) => boolean;
  logger: RetryLogger;
  /** Milliseconds since some epoch; tests pass a fake that `sleep` advances. */
  clock: () => number;
  sleep: (ms: number) => Promise<void>;
  policy?: Partial<RetryPolicy>;
}

/**
 * Retries store calls through one outage at a time. Shared by every call of a store, so ten writes
 * failing together are one outage, logged once.
 * @example await retry.run('write', 'ledger.markSent', () => store.ledger.markSent(send, id, now))
 */
export class StoreRetry {
  readonly #deps: StoreRetryDeps;
  readonly #policy: RetryPolicy;
  #outage: { since: number; failures: number } | undefined;
  #stopped = false;
  #stop!: () => void;
  readonly #stopping = new Promise<void>((resolve) => (this.#stop = resolve));

  constructor(deps: StoreRetryDeps) {
    this.#deps = deps;
    this.#policy = { ...STORE_RETRY, ...deps.policy };
  }

  /** Whether the last call found the store out of reach (and none has reached it since). */
  get down(): boolean {
    return this.#outage !== undefined;
  }

  /**
   * Ends the waiting at shutdown: a call still retrying fails now with its last error, and later calls
   * are tried once. The process is leaving; a write that never landed is what the outage cost.
   */
  stop(): void {
    this.#stopped = true;
    this.#stop();
  }

  async run<T>(kind: 'read' | 'write', what: string, call: () => Promise<T>): Promise<T> {
    const { clock, sleep, isTransient } = this.#deps;
    const budget = kind === 'write' ? this.#policy.writeBudgetMs : this.#policy.readBudgetMs;
    const started = clock();
    let delay = this.#policy.firstDelayMs;
    for (;;) {
      try {
        const result = await call();
        this.#recovered();
        return result;
      } catch (error) {
        if (!isTransient(error)) throw error;
        this.#failed(what, error);
        if (this.#stopped || clock() - started + delay > budget) throw error;
        await Promise.race([sleep(delay), this.#stopping]);
        if (this.#stopped) throw error;
        delay = Math.min(delay * 2, this.#policy.maxDelayMs);
      }
    }
  }

  #failed(what: string, error: unknown): void {
    if (this.#outage) {
      this.#outage.failures++;
      return;
    }
    this.#outage = { since: this.#deps.clock(), failures: 1 };
    this.#deps.logger.warn(
      { store: this.#deps.location, call: what, err: error instanceof Error ? error.message : String(error) },
      'store: unreachable; retrying with back-off until it is back (logged again when it is)',
    );
  }

  #recovered(): void {
    const outage = this.#outage;
    if (!outage) return;
    this.#outage = undefined;
    this.#deps.logger.info(
      { store: this.#deps.location, downMs: this.#deps.clock() - outage.since, failedCalls: outage.failures },
      'store: reachable again',
    );
  }
}
