// GET /guilds/{guild_id}/members/{user_id}: a member of the fake's guild, or 404 {code: 10007} Unknown
// Member for a user who left (`leaveGuild`) or never was there, as Discord answers.
import { discordError } from './discord-errors.js';
import { findGuild, guildMember, type FakeWorld } from './world.js';
import { ok, type FakeCore, type RouteDefinition } from './core.js';

/** Discord's code for a user who is not a member of the guild. */
export const UNKNOWN_MEMBER = 10007;

const departed = new WeakMap<FakeWorld, Set<string>>();

/** The user leaves the guild: from now on the member route answers 10007 for them there. */
export function leaveGuild(world: FakeWorld, guildId: string, userId: string): void {
  const left = departed.get(world) ?? new Set<string>();
  left.add(`${guildId}:${userId}`);
  departed.set(world, left);
}

export function memberRoutes(core: FakeCore): RouteDefinition[] {
  const { world } = core;
  return [
    {
      method: 'GET',
      route: '/guilds/{guild_id}/members/{user_id}',
      auth: true,
      handle: (request) => {
        const guildId = request.params.guild_id ?? '';
        const userId = request.params.user_id ?? '';
        const guild = findGuild(world, guildId);
        const user = [world.bot, ...world.users].find((u) => u.id === userId);
        if (!guild) return discordError(404, 10004, 'Unknown Guild');
        if (!user || departed.get(world)?.has(`${guildId}:${userId}`)) {
          return discordError(404, UNKNOWN_MEMBER, 'Unknown Member');
        }
        return ok(guildMember(world, guild, user));
      },
    },
  ];
}
