import {
  ChannelType,
  MessageType,
  type APIMessage,
  type GatewayMessageCreateDispatchData,
} from 'discord-api-types/v10';
import { buildUserMessage, type ActorOptions, type DispatchDeps } from './dispatch.js';
import { createMessage } from './messages.js';
import { openDm } from './threads.js';
import { guildMember, findGuild, requireUser, type FakeChannel } from './world.js';

export interface ReplyOptions extends ActorOptions {
  /** Discord's "@ON" of a reply: the replied-to author is mentioned (and a bot then gets the content). Default true. */
  ping?: boolean;
  /** Also mention the bot in the text (`<@bot> …`). Default false. */
  mentionBot?: boolean;
}

/** A user's reply to `to`, in `to`'s channel (a thread, usually), as Discord's client sends it. */
export function buildReply(
  deps: DispatchDeps,
  text: string,
  to: APIMessage,
  actor: ReplyOptions,
): { message: APIMessage; channel: FakeChannel; event: GatewayMessageCreateDispatchData } {
  const built = buildUserMessage(deps, text, {
    ...actor,
    channel: to.channel_id,
    mentionBot: actor.mentionBot ?? false,
  });
  const { message, channel } = built;
  const guild = findGuild(deps.world, channel.guildId);
  message.type = MessageType.Reply;
  message.message_reference = { message_id: to.id, channel_id: to.channel_id, guild_id: channel.guildId };
  message.referenced_message = to;
  if ((actor.ping ?? true) && !message.mentions.some((u) => u.id === to.author.id)) {
    message.mentions = [...message.mentions, to.author];
  }
  const memberOf = (id: string) => {
    if (!guild) return undefined;
    const { user: _user, ...member } = guildMember(deps.world, guild, requireUser(deps.world, id));
    return member;
  };
  const event: GatewayMessageCreateDispatchData = {
    ...built.event,
    ...message,
    guild_id: channel.guildId,
    mentions: message.mentions.map((user) => ({ ...user, member: memberOf(user.id) })),
  } as GatewayMessageCreateDispatchData;
  return { message, channel, event };
}

/** A DM from a user to the bot (the DM channel opens on first use); its event has no guild, as Discord's. */
export function buildDirectMessage(
  deps: DispatchDeps,
  text: string,
  actor: Pick<ActorOptions, 'user'>,
): { message: APIMessage; channel: FakeChannel; event: GatewayMessageCreateDispatchData } {
  const { world } = deps;
  const user = requireUser(world, actor.user ?? world.users[0]?.username ?? '');
  const channel = openDm(world, user, deps.mint);
  const message = createMessage(world, {
    id: deps.mint(),
    channel,
    author: user,
    body: { content: text },
    now: deps.clock.now(),
  });
  const event = { ...message, channel_type: ChannelType.DM } as GatewayMessageCreateDispatchData;
  return { message, channel, event };
}
