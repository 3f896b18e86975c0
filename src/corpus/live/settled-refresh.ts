export interface SettledRefreshOptions {
  /** Writes the snapshot of the index for this fingerprint. */
  refresh: (fingerprint: string) => Promise<unknown>;
  /** The fingerprint of the corpus as the index holds it, once no reload runs. */
  fingerprint: () => string;
  /** Settles once no reload is running or waiting. */
  idle: () => Promise<void>;
  /** Quiet time after the last change before the refresh is written. */
  delayMs: number;
  /** A refresh that failed. */
  onError: (error: unknown) => void;
}

/**
 * A snapshot refresh written in the background once changes settle: each {@link SettledRefresh.changed}
 * restarts a quiet-time timer, and the refresh then waits for reloads to finish (only between reloads do
 * the index and the fingerprint describe the same corpus). One write at a time; the last state wins.
 * @example const refresh = new SettledRefresh({ refresh, fingerprint, idle, delayMs: 2_000, onError }); refresh.changed()
 */
export class SettledRefresh {
  readonly #options: SettledRefreshOptions;
  #timer: NodeJS.Timeout | undefined;
  #due = false;
  #run: Promise<void> | undefined;
  #closed = false;

  constructor(options: SettledRefreshOptions) {
    this.#options = options;
  }

  /** The index changed: a refresh is due once changes have been quiet for the delay. */
  changed(): void {
    if (this.#closed) return;
    this.#due = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#write();
    }, this.#options.delayMs);
    this.#timer.unref();
  }

  /** Stops the timer once reloads have settled; a refresh that was due is written now. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#options.idle();
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#due) await this.#write();
    await this.#run;
  }

  async #write(): Promise<void> {
    while (this.#run) await this.#run;
    if (!this.#due) return;
    this.#run = (async () => {
      await this.#options.idle();
      this.#due = false;
      try {
        await this.#options.refresh(this.#options.fingerprint());
      } catch (error) {
        this.#options.onError(error);
      }
    })();
    await this.#run;
    this.#run = undefined;
  }
}
