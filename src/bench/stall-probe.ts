/** What the probe needs from the runtime; injected so tests can drive time by hand. */
export interface ProbeClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const REAL_CLOCK: ProbeClock = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface StallProbe {
  /** Stops the probe and returns the longest stall seen, in milliseconds. */
  stop(): number;
}

/**
 * Measures how long the event loop was blocked: a timer re-armed every `intervalMs` can only run
 * when the loop is free, so the gap between two of its runs, less the interval, is time during
 * which nothing else (a gateway heartbeat, another interaction) could have run either.
 * `stop()` also counts the gap still open, so a burst that never yields is measured whole.
 */
export function startStallProbe(intervalMs = 1, clock: ProbeClock = REAL_CLOCK): StallProbe {
  let last = clock.now();
  let longest = 0;
  let handle: unknown;
  const observe = (): void => {
    const now = clock.now();
    longest = Math.max(longest, now - last - intervalMs);
    last = now;
  };
  const tick = (): void => {
    observe();
    handle = clock.setTimeout(tick, intervalMs);
  };
  handle = clock.setTimeout(tick, intervalMs);
  return {
    stop() {
      clock.clearTimeout(handle);
      observe();
      return Math.max(0, longest);
    },
  };
}
