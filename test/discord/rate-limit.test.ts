import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/discord/rate-limit.js';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('RateLimiter', () => {
  it('allows a burst, then refuses with the wait until the next request', () => {
    const time = clock();
    const limiter = new RateLimiter(time, { burst: 3, refillMs: 1000, maxUsers: 10 });
    expect([1, 2, 3].map(() => limiter.take('u').allowed)).toEqual([true, true, true]);
    expect(limiter.take('u')).toEqual({ allowed: false, retryAfterMs: 1000 });
    time.advance(400);
    expect(limiter.take('u')).toEqual({ allowed: false, retryAfterMs: 600 });
    time.advance(600);
    expect(limiter.take('u').allowed).toBe(true);
  });

  it('keeps users apart', () => {
    const limiter = new RateLimiter(clock(), { burst: 1, refillMs: 1000, maxUsers: 10 });
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
    expect(limiter.take('b').allowed).toBe(true);
  });

  it('refills no higher than the burst after a long idle', () => {
    const time = clock();
    const limiter = new RateLimiter(time, { burst: 2, refillMs: 1000, maxUsers: 10 });
    limiter.take('u');
    time.advance(60_000);
    expect([1, 2, 3].map(() => limiter.take('u').allowed)).toEqual([true, true, false]);
  });

  it('forgets the least recently seen user beyond maxUsers (who then starts full)', () => {
    const limiter = new RateLimiter(clock(), { burst: 1, refillMs: 1000, maxUsers: 2 });
    limiter.take('a');
    limiter.take('b');
    limiter.take('c');
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('c').allowed).toBe(false);
  });
});
