import { describe, expect, it } from 'vitest';
import { startStallProbe, type ProbeClock } from '../../src/bench/stall-probe.js';

/** A clock whose time and timers move only when the test says so. */
function manualClock(): ProbeClock & { advance(ms: number): void; block(ms: number): void; pending(): number } {
  let now = 0;
  let timers: { at: number; callback: () => void; handle: number }[] = [];
  let next = 1;
  return {
    now: () => now,
    setTimeout(callback, ms) {
      const handle = next++;
      timers.push({ at: now + ms, callback, handle });
      return handle;
    },
    clearTimeout(handle) {
      timers = timers.filter((t) => t.handle !== handle);
    },
    // Time jumps by `ms` in one go (the loop was busy), then due timers run.
    advance(ms) {
      now += ms;
      const due = timers.filter((t) => t.at <= now);
      timers = timers.filter((t) => t.at > now);
      for (const t of due) t.callback();
    },
    // Time passes and no timer gets to run (the loop is still busy).
    block(ms) {
      now += ms;
    },
    pending: () => timers.length,
  };
}

describe('startStallProbe', () => {
  it('reports the longest gap between timer runs, less the interval', () => {
    const clock = manualClock();
    const probe = startStallProbe(1, clock);
    clock.advance(1);
    clock.advance(1);
    clock.advance(41); // blocked for 40 ms beyond the interval
    clock.advance(1);
    clock.advance(6);
    expect(probe.stop()).toBe(40);
  });

  it('counts a stall still in progress when stopped', () => {
    const clock = manualClock();
    const probe = startStallProbe(1, clock);
    clock.advance(1);
    clock.block(120); // a burst that never yields: no timer runs before stop()
    expect(probe.stop()).toBe(119);
  });

  it('reports 0 for a loop that was never late, and leaves no timer behind', () => {
    const clock = manualClock();
    const probe = startStallProbe(5, clock);
    clock.advance(5);
    clock.advance(5);
    expect(probe.stop()).toBe(0);
    expect(clock.pending()).toBe(0);
  });
});
