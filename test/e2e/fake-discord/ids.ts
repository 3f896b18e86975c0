import { randomBytes } from 'node:crypto';
import { DiscordSnowflake } from '@sapphire/snowflake';
import type { FakeClock } from './clock.js';

/** A real snowflake whose timestamp is the fake clock's now, so discord.js reads sensible creation times. */
export function mintSnowflake(clock: FakeClock): string {
  return DiscordSnowflake.generate({ timestamp: clock.now() }).toString();
}

/** A snowflake created `msAgo` before the fake clock's now. */
export function mintPastSnowflake(clock: FakeClock, msAgo: number): string {
  return DiscordSnowflake.generate({ timestamp: clock.now() - msAgo }).toString();
}

/** The creation time Discord encodes in a snowflake. */
export function snowflakeTime(id: string): number {
  return Number(DiscordSnowflake.timestampFrom(id));
}

/** Shaped like a bot token (`base64(user id).timestamp.hmac`) so discord.js can censor it in debug output. */
export function mintBotToken(botId: string): string {
  return [
    Buffer.from(botId).toString('base64url'),
    randomBytes(4).toString('base64url'),
    randomBytes(28).toString('base64url'),
  ].join('.');
}

export function mintInteractionToken(): string {
  return `aW50ZXJhY3Rpb246${randomBytes(48).toString('base64url')}`;
}
