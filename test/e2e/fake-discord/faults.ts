import { DiscordErrorCode } from './discord-errors.js';

/**
 * Which requests a fault hits: `'POST /channels/{channel_id}/messages'` (the route as the request log shows it),
 * a concrete path (`'POST /channels/123/messages'`), either without the method, or a predicate.
 */
export type FaultMatcher = string | ((request: { method: string; route: string; path: string }) => boolean);

export type Fault =
  | { kind: 'rate-limit'; retryAfterMs: number; global: boolean; scope: 'user' | 'shared' | 'global' }
  | { kind: 'server-error'; status: number }
  | { kind: 'error'; status: number; code: number; message: string };

export interface FaultRule {
  match: FaultMatcher;
  fault: Fault;
  /** Requests it will still hit; Infinity for "until cleared". */
  remaining: number;
  hits: number;
}

export interface FaultOptions {
  /** How many matching requests fail. Default 1. */
  times?: number;
}

/** REST faults on demand. Rules are consulted in the order added; each matching request uses up one hit. */
export class FaultInjector {
  readonly rules: FaultRule[] = [];

  /** 429 with `Retry-After` and `X-RateLimit-*` headers; discord.js waits and retries on its own. */
  rateLimit(
    match: FaultMatcher,
    options: FaultOptions & { retryAfterMs?: number; global?: boolean; scope?: 'user' | 'shared' } = {},
  ): FaultRule {
    const global = options.global ?? false;
    return this.add(
      match,
      {
        kind: 'rate-limit',
        retryAfterMs: options.retryAfterMs ?? 100,
        global,
        scope: global ? 'global' : (options.scope ?? 'user'),
      },
      options.times,
    );
  }

  /** 5xx; discord.js retries a 5xx up to 3 times, then throws. */
  serverError(match: FaultMatcher, options: FaultOptions & { status?: number } = {}): FaultRule {
    return this.add(match, { kind: 'server-error', status: options.status ?? 500 }, options.times);
  }

  /** 403 {code: 50013}: the bot lacks a permission in the channel. */
  missingPermissions(match: FaultMatcher, options: FaultOptions = {}): FaultRule {
    return this.add(
      match,
      { kind: 'error', status: 403, code: DiscordErrorCode.MissingPermissions, message: 'Missing Permissions' },
      options.times,
    );
  }

  /** 403 {code: 50001}: the bot cannot see the channel or guild. */
  missingAccess(match: FaultMatcher, options: FaultOptions = {}): FaultRule {
    return this.add(
      match,
      { kind: 'error', status: 403, code: DiscordErrorCode.MissingAccess, message: 'Missing Access' },
      options.times,
    );
  }

  /** 404 {code: 10003}: the channel was deleted. */
  unknownChannel(match: FaultMatcher, options: FaultOptions = {}): FaultRule {
    return this.add(
      match,
      { kind: 'error', status: 404, code: DiscordErrorCode.UnknownChannel, message: 'Unknown Channel' },
      options.times,
    );
  }

  add(match: FaultMatcher, fault: Fault, times = 1): FaultRule {
    const rule: FaultRule = { match, fault, remaining: times, hits: 0 };
    this.rules.push(rule);
    return rule;
  }

  clear(): void {
    this.rules.length = 0;
  }

  /** The fault for this request, if any (and uses up one of its hits). */
  take(request: { method: string; route: string; path: string }): Fault | undefined {
    const rule = this.rules.find((r) => r.remaining > 0 && matches(r.match, request));
    if (!rule) return undefined;
    rule.remaining--;
    rule.hits++;
    return rule.fault;
  }
}

function matches(match: FaultMatcher, request: { method: string; route: string; path: string }): boolean {
  if (typeof match === 'function') return match(request);
  const [first = '', second] = match.trim().split(/\s+/);
  const [method, target] = second === undefined ? [undefined, first] : [first.toUpperCase(), second];
  if (method !== undefined && method !== request.method) return false;
  return target === request.route || target === request.path;
}
