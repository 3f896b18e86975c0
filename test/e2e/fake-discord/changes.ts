/** How often a waiter also re-checks on its own, for conditions outside the fake (what the client received). */
const POLL_MS = 5;

/** Wakes waiters whenever the fake's state changes; each waiter re-checks its own condition. */
export class Changes {
  readonly #listeners = new Set<() => void>();

  notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }

  /**
   * Resolves with the first defined value of `probe`, checked now, after every change and every few ms. The
   * timeout is only a guard so a broken test fails with a description instead of hanging.
   */
  waitFor<T>(probe: () => T | undefined, what: () => string, timeoutMs: number): Promise<T> {
    const found = probe();
    if (found !== undefined) return Promise.resolve(found);
    return new Promise<T>((resolve, reject) => {
      const listener = () => {
        let value: T | undefined;
        try {
          value = probe();
        } catch (error) {
          finish();
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        if (value === undefined) return;
        finish();
        resolve(value);
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`fake-discord: waited ${timeoutMs} ms for ${what()}`));
      }, timeoutMs);
      const poll = setInterval(listener, POLL_MS);
      const finish = () => {
        clearTimeout(timer);
        clearInterval(poll);
        this.#listeners.delete(listener);
      };
      this.#listeners.add(listener);
    });
  }
}
