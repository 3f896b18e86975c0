import { DiscordAPIError, HTTPError, RateLimitError, Routes, type APIMessage, type REST } from 'discord.js';
import type { MemberCheck, PostMessage } from './digest/digest-job.js';

/**
 * The digest job's one way out: `POST /channels/{id}/messages` through discord.js REST (which already
 * queues for rate limits and retries 5xx and network errors), with every failure turned into a value
 * the job can classify by HTTP status and Discord error code.
 */
export function restPostMessage(rest: REST): PostMessage {
  return async (channelId, body) => {
    try {
      const message = (await rest.post(Routes.channelMessages(channelId), { body })) as APIMessage;
      return { ok: true, messageId: message.id };
    } catch (error) {
      if (error instanceof DiscordAPIError) {
        return {
          ok: false,
          status: error.status,
          code: typeof error.code === 'number' ? error.code : null,
          message: error.message,
        };
      }
      if (error instanceof RateLimitError) {
        return { ok: false, status: 429, code: null, message: error.message, retryAfterMs: error.retryAfter };
      }
      if (error instanceof HTTPError) return { ok: false, status: error.status, code: null, message: error.message };
      // Network failures and timeouts: no HTTP status at all.
      return { ok: false, status: 0, code: null, message: error instanceof Error ? error.message : String(error) };
    }
  };
}

const UNKNOWN_MEMBER = 10007;
const UNKNOWN_GUILD = 10004;

/**
 * `GET /guilds/{guild}/members/{user}` through discord.js REST: whether an alert's user is still in its
 * server. Unknown Member (or a guild the bot is no longer in) is `left`; anything else Discord could not say.
 */
export function restMemberCheck(rest: REST): MemberCheck {
  return async (guildId, userId) => {
    try {
      await rest.get(Routes.guildMember(guildId, userId));
      return 'member';
    } catch (error) {
      if (error instanceof DiscordAPIError && (error.code === UNKNOWN_MEMBER || error.code === UNKNOWN_GUILD)) {
        return 'left';
      }
      return 'unknown';
    }
  };
}
