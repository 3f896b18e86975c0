// Threads and DM channels of the fake Discord: their channel objects, creating them, and the rules for
// posting in them (an archived thread answers 50083, a locked one 160005), as Discord's docs describe.
import {
  ChannelType,
  MessageFlags,
  PermissionFlagsBits,
  type APIDMChannel,
  type APIMessage,
  type APIThreadChannel,
  type APIUser,
  type ChannelFlags,
  type ThreadAutoArchiveDuration,
} from 'discord-api-types/v10';
import { DiscordErrorCode, discordError, type ErrorResponse } from './discord-errors.js';
import { botPermissionsIn, textChannelPayload, type FakeChannel, type FakeWorld } from './world.js';

/** Codes Discord answers thread actions with (beyond discord-errors.ts). */
export const ThreadErrorCode = {
  CannotSendMessagesToThisUser: 50007,
  InvalidChannelType: 50024,
  ArchivedThread: 50083,
  UnknownUser: 10013,
  ThreadAlreadyCreated: 160004,
  ThreadLocked: 160005,
} as const;

/** The channel object GET /channels/{id} and events carry, by kind. */
export function channelPayload(world: FakeWorld, channel: FakeChannel): unknown {
  if (channel.thread) return threadPayload(world, channel);
  if (channel.recipientId !== undefined) return dmPayload(world, channel);
  return textChannelPayload(channel);
}

export function threadPayload(world: FakeWorld, channel: FakeChannel): APIThreadChannel {
  const thread = channel.thread;
  if (!thread) throw new Error(`fake-discord: channel ${channel.id} is not a thread`);
  return {
    id: channel.id,
    type: ChannelType.PublicThread,
    guild_id: channel.guildId,
    parent_id: thread.parentId,
    owner_id: thread.ownerId,
    name: channel.name,
    last_message_id: channel.messages.at(-1)?.id ?? null,
    rate_limit_per_user: 0,
    flags: 0 as ChannelFlags,
    message_count: channel.messages.length,
    member_count: 1,
    total_message_sent: channel.messages.length,
    thread_metadata: {
      archived: thread.archived,
      auto_archive_duration: thread.autoArchiveDuration as ThreadAutoArchiveDuration,
      archive_timestamp: thread.archiveTimestamp,
      locked: thread.locked,
      create_timestamp: thread.createdAt,
    },
  } as APIThreadChannel;
}

export function dmPayload(world: FakeWorld, channel: FakeChannel): APIDMChannel {
  const recipient = world.users.find((u) => u.id === channel.recipientId);
  return {
    id: channel.id,
    type: ChannelType.DM,
    name: null,
    last_message_id: channel.messages.at(-1)?.id ?? null,
    recipients: recipient ? [recipient] : [],
  } as APIDMChannel;
}

/** A public thread started from `starter` in `parent`; its id is the starter's, as in Discord. */
export function createThread(
  world: FakeWorld,
  input: {
    parent: FakeChannel;
    starter: APIMessage;
    name: string;
    owner: APIUser;
    autoArchiveDuration: number;
    now: number;
  },
): FakeChannel {
  const at = new Date(input.now).toISOString();
  const channel: FakeChannel = {
    id: input.starter.id,
    guildId: input.parent.guildId,
    name: input.name,
    position: 0,
    messages: [],
    thread: {
      parentId: input.parent.id,
      ownerId: input.owner.id,
      archived: false,
      locked: false,
      autoArchiveDuration: input.autoArchiveDuration,
      archiveTimestamp: at,
      createdAt: at,
    },
  };
  world.threads.push(channel);
  input.starter.flags = ((input.starter.flags ?? 0) | MessageFlags.HasThread) as MessageFlags;
  input.starter.thread = threadPayload(world, channel);
  return channel;
}

/** The DM channel between the bot and `user`, opened on first use. */
export function openDm(world: FakeWorld, user: APIUser, mint: () => string): FakeChannel {
  const existing = world.dms.find((c) => c.recipientId === user.id);
  if (existing) return existing;
  const channel: FakeChannel = {
    id: mint(),
    guildId: '',
    name: user.username,
    position: 0,
    messages: [],
    recipientId: user.id,
  };
  world.dms.push(channel);
  return channel;
}

/** Why the bot may not post in `channel`, if it is a thread it may not post in; undefined otherwise. */
export function threadPostRefusal(world: FakeWorld, channel: FakeChannel): ErrorResponse | undefined {
  const thread = channel.thread;
  if (!thread) return undefined;
  const may = (permission: bigint) => (botPermissionsIn(world) & permission) === permission;
  if (thread.locked && !may(PermissionFlagsBits.ManageThreads))
    return discordError(403, ThreadErrorCode.ThreadLocked, 'Thread is locked');
  if (thread.archived) return discordError(400, ThreadErrorCode.ArchivedThread, 'Thread is archived');
  if (!may(PermissionFlagsBits.SendMessagesInThreads))
    return discordError(403, DiscordErrorCode.MissingPermissions, 'Missing Permissions');
  return undefined;
}
