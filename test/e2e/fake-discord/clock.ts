/**
 * The fake's notion of "now". It moves only when a test moves it, so Discord's 3-second and 15-minute rules
 * are exercised without sleeping: dispatch an interaction, `clock.advance(3_001)`, then let the bot answer.
 */
export class FakeClock {
  #now: number;

  constructor(start: number = Date.now()) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`fake-discord: clock.advance(${ms}): expected ms >= 0`);
    this.#now += ms;
  }

  set(epochMs: number): void {
    this.#now = epochMs;
  }
}
