import type { APIApplication, RESTGetAPIGatewayBotResult } from 'discord-api-types/v10';
import { ApplicationFlags } from 'discord-api-types/v10';
import { invalidFormBody, discordError, DiscordErrorCode } from './discord-errors.js';
import { checkCommandCreate, checkCommandOverwrite } from './validation.js';
import { findGuild } from './world.js';
import {
  describeIssues,
  isObject,
  noContent,
  ok,
  refuse,
  type FakeCore,
  type RestRequest,
  type RestResponse,
  type RouteDefinition,
} from './core.js';

/** Discord allows 1000 IDENTIFY a day per token. */
const SESSION_STARTS_PER_DAY = 1000;

/** Gateway discovery, the bot's user and application, and command registration (global and per guild). */
export function applicationRoutes(core: FakeCore): RouteDefinition[] {
  const { world, commands } = core;
  const scope = (request: RestRequest): { guildId?: string; refused?: RestResponse } => {
    if (request.params.application_id !== world.applicationId) {
      return {
        refused: refuse(
          discordError(403, DiscordErrorCode.MissingAccess, 'Missing Access'),
          `application id ${request.params.application_id} is not this bot's (${world.applicationId})`,
        ),
      };
    }
    const guildId = request.params.guild_id;
    if (guildId === undefined) return {};
    if (!findGuild(world, guildId)) {
      return {
        refused: refuse(
          discordError(403, DiscordErrorCode.MissingAccess, 'Missing Access'),
          `the bot is not in guild ${guildId}`,
        ),
      };
    }
    return { guildId };
  };
  const list = (request: RestRequest) => {
    const { guildId, refused } = scope(request);
    return refused ?? ok(commands.list(guildId));
  };
  const overwrite = (request: RestRequest) => {
    const { guildId, refused } = scope(request);
    if (refused) return refused;
    const issues = checkCommandOverwrite(request.body, { global: guildId === undefined });
    if (issues.length > 0) return refuse(invalidFormBody(issues), describeIssues(issues));
    return ok(commands.overwrite((request.body as unknown[]).filter(isObject), guildId));
  };
  const create = (request: RestRequest) => {
    const { guildId, refused } = scope(request);
    if (refused) return refused;
    const issues = checkCommandCreate(request.body);
    if (issues.length > 0) return refuse(invalidFormBody(issues), describeIssues(issues));
    return { status: 201, body: commands.create(request.body as Record<string, unknown>, guildId) };
  };
  const remove = (request: RestRequest) => {
    const { guildId, refused } = scope(request);
    if (refused) return refused;
    if (!commands.remove(request.params.command_id ?? '', guildId)) {
      return discordErrorResponse(404, DiscordErrorCode.UnknownApplicationCommand, 'Unknown application command');
    }
    return noContent();
  };

  return [
    { method: 'GET', route: '/gateway', auth: false, handle: () => ok({ url: core.gateway.url }) },
    {
      method: 'GET',
      route: '/gateway/bot',
      auth: true,
      handle: () => {
        const result: RESTGetAPIGatewayBotResult = {
          url: core.gateway.url,
          shards: core.settings.recommendedShards,
          session_start_limit: {
            total: SESSION_STARTS_PER_DAY,
            remaining: Math.max(0, SESSION_STARTS_PER_DAY - core.gateway.identifies),
            reset_after: 86_400_000,
            max_concurrency: core.settings.maxConcurrency,
          },
        };
        return ok(result);
      },
    },
    {
      method: 'GET',
      route: '/users/@me',
      auth: true,
      handle: () => ok({ ...world.bot, verified: true, mfa_enabled: false }),
    },
    { method: 'GET', route: '/applications/@me', auth: true, handle: () => ok(application(core)) },
    { method: 'GET', route: '/applications/{application_id}/commands', auth: true, handle: list },
    { method: 'PUT', route: '/applications/{application_id}/commands', auth: true, handle: overwrite },
    { method: 'POST', route: '/applications/{application_id}/commands', auth: true, handle: create },
    { method: 'DELETE', route: '/applications/{application_id}/commands/{command_id}', auth: true, handle: remove },
    { method: 'GET', route: '/applications/{application_id}/guilds/{guild_id}/commands', auth: true, handle: list },
    {
      method: 'PUT',
      route: '/applications/{application_id}/guilds/{guild_id}/commands',
      auth: true,
      handle: overwrite,
    },
    { method: 'POST', route: '/applications/{application_id}/guilds/{guild_id}/commands', auth: true, handle: create },
    {
      method: 'DELETE',
      route: '/applications/{application_id}/guilds/{guild_id}/commands/{command_id}',
      auth: true,
      handle: remove,
    },
  ];
}

function discordErrorResponse(status: number, code: number, message: string): RestResponse {
  const error = discordError(status, code, message);
  return { status: error.status, body: error.body };
}

function application(core: FakeCore): APIApplication {
  const { world } = core;
  return {
    id: world.applicationId,
    name: world.bot.username,
    icon: null,
    description: '',
    bot_public: false,
    bot_require_code_grant: false,
    bot: world.bot,
    verify_key: '0'.repeat(64),
    team: null,
    summary: '',
    flags: ApplicationFlags.ApplicationCommandBadge,
    flags_new: String(ApplicationFlags.ApplicationCommandBadge),
    approximate_guild_count: world.guilds.length,
  };
}
