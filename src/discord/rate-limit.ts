// Per-user rate limit: a token bucket per user, refilled continuously. One user flooding the bot gets
// a polite "slow down" instead of the CPU everyone shares. Time comes from the injected clock.
import type { Clock } from './command.js';

export interface RateLimitOptions {
  /** Requests a user may make at once. */
  burst: number;
  /** Milliseconds to earn one request back. */
  refillMs: number;
  /** Buckets kept before idle (full) ones are forgotten. */
  maxUsers: number;
}

export const RATE_LIMIT_OPTIONS: RateLimitOptions = { burst: 6, refillMs: 4000, maxUsers: 10_000 };

export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly clock: Clock,
    private readonly options: RateLimitOptions = RATE_LIMIT_OPTIONS,
  ) {}

  /** Takes one request from the user's bucket, or says how long until one is available. */
  take(userId: string): RateDecision {
    const now = this.clock.now();
    const bucket = this.refill(userId, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterMs: Math.ceil((1 - bucket.tokens) * this.options.refillMs) };
  }

  private refill(userId: string, now: number): Bucket {
    const existing = this.buckets.get(userId);
    if (existing) {
      const earned = Math.max(0, now - existing.at) / this.options.refillMs;
      existing.tokens = Math.min(this.options.burst, existing.tokens + earned);
      existing.at = now;
      // Most recently used last, so the oldest are first to go.
      this.buckets.delete(userId);
      this.buckets.set(userId, existing);
      return existing;
    }
    if (this.buckets.size >= this.options.maxUsers) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    const bucket = { tokens: this.options.burst, at: now };
    this.buckets.set(userId, bucket);
    return bucket;
  }
}
