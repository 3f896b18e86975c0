import {
  ChannelType,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildSystemChannelFlags,
  GuildVerificationLevel,
  Locale,
  PermissionFlagsBits,
  type APIGuildMember,
  type APIGuildTextChannel,
  type APIInteractionGuildMember,
  type APIMessage,
  type APIRole,
  type APIUser,
  type GuildMemberFlags,
  type RoleFlags,
  type GatewayGuildCreateDispatchData,
} from 'discord-api-types/v10';
import type { FakeClock } from './clock.js';
import { mintBotToken, mintPastSnowflake, mintSnowflake } from './ids.js';
import { threadPayload } from './threads.js';

/** What a bot usually holds in a channel: read, write, embed, attach, react, keep history. */
export const DEFAULT_BOT_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.CreatePublicThreads |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.UseExternalEmojis;

/** What @everyone holds in a fresh server, roughly: enough to talk and run commands. */
export const DEFAULT_MEMBER_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.UseApplicationCommands;

export interface WorldOptions {
  /** The bot's username. Default `Paperboy`. */
  botName?: string;
  /** Default: one guild `Paperboy Lab` with text channels `general`, `papers` and `digest`. */
  guilds?: { name: string; channels: string[] }[];
  /** Human members of every guild. Default `alice` and `bob`. */
  users?: string[];
  /** The bot role's permissions. Default {@link DEFAULT_BOT_PERMISSIONS}. */
  botPermissions?: bigint;
}

export interface FakeChannel {
  id: string;
  guildId: string;
  name: string;
  position: number;
  /** Every message the channel holds, oldest first (ephemeral replies are never here). */
  messages: APIMessage[];
  /** Set on a thread (in `world.threads`; see threads.ts). */
  thread?: FakeThreadState;
  /** Set on a DM channel (in `world.dms`, `guildId` empty): the user at the other end. */
  recipientId?: string;
}

/** What a thread holds beyond a channel's fields. */
export interface FakeThreadState {
  parentId: string;
  ownerId: string;
  archived: boolean;
  locked: boolean;
  autoArchiveDuration: number;
  archiveTimestamp: string;
  createdAt: string;
}

export interface FakeGuild {
  id: string;
  name: string;
  ownerId: string;
  botRoleId: string;
  joinedAt: string;
  channels: FakeChannel[];
}

/** Everything the fake Discord knows: the bot, its application, the guilds, their channels and members. */
export interface FakeWorld {
  token: string;
  bot: APIUser;
  applicationId: string;
  guilds: FakeGuild[];
  users: APIUser[];
  botPermissions: bigint;
  memberPermissions: bigint;
  /** Threads of every guild (threads.ts). */
  threads: FakeChannel[];
  /** DM channels between the bot and a user (threads.ts). */
  dms: FakeChannel[];
}

export function createWorld(clock: FakeClock, options: WorldOptions = {}): FakeWorld {
  const bot = makeUser(mintSnowflake(clock), options.botName ?? 'Paperboy', true);
  const users = (options.users ?? ['alice', 'bob']).map((name) => makeUser(mintSnowflake(clock), name, false));
  const owner = users[0] ?? bot;
  const joinedAt = new Date(clock.now()).toISOString();
  const specs = options.guilds ?? [{ name: 'Paperboy Lab', channels: ['general', 'papers', 'digest'] }];
  const guilds = specs.map((spec, index): FakeGuild => {
    // Guilds created 60 001 ms apart land on consecutive shards ((id >> 22) % shards), so sharding tests can
    // spread them without searching for ids.
    const id = mintPastSnowflake(clock, (specs.length - index) * 60_001);
    return {
      id,
      name: spec.name,
      ownerId: owner.id,
      botRoleId: mintSnowflake(clock),
      joinedAt,
      channels: spec.channels.map((name, position) => ({
        id: mintSnowflake(clock),
        guildId: id,
        name,
        position,
        messages: [],
      })),
    };
  });
  return {
    token: mintBotToken(bot.id),
    bot,
    // A bot's application id equals its user id for every application created since 2019.
    applicationId: bot.id,
    guilds,
    users,
    botPermissions: options.botPermissions ?? DEFAULT_BOT_PERMISSIONS,
    memberPermissions: DEFAULT_MEMBER_PERMISSIONS,
    threads: [],
    dms: [],
  };
}

function makeUser(id: string, username: string, bot: boolean): APIUser {
  return { id, username, discriminator: bot ? '0001' : '0', global_name: bot ? null : username, avatar: null, bot };
}

export function findChannel(world: FakeWorld, channelId: string): FakeChannel | undefined {
  for (const guild of world.guilds) {
    const channel = guild.channels.find((c) => c.id === channelId);
    if (channel) return channel;
  }
  return world.threads.find((c) => c.id === channelId) ?? world.dms.find((c) => c.id === channelId);
}

export function findGuild(world: FakeWorld, guildId: string): FakeGuild | undefined {
  return world.guilds.find((g) => g.id === guildId);
}

/** A channel by id or by name (first guild that has one), for tests: `world.channel('digest')`. */
export function requireChannel(world: FakeWorld, idOrName: string): FakeChannel {
  const channel =
    findChannel(world, idOrName) ??
    world.guilds.flatMap((g) => g.channels).find((c) => c.name === idOrName.replace(/^#/, ''));
  if (!channel) {
    const known = world.guilds.flatMap((g) => g.channels.map((c) => `#${c.name}`)).join(', ');
    throw new Error(`fake-discord: no channel ${JSON.stringify(idOrName)} (known: ${known})`);
  }
  return channel;
}

export function requireUser(world: FakeWorld, idOrName: string): APIUser {
  const user = [...world.users, world.bot].find((u) => u.id === idOrName || u.username === idOrName);
  if (!user) {
    const known = world.users.map((u) => u.username).join(', ');
    throw new Error(`fake-discord: no user ${JSON.stringify(idOrName)} (known: ${known})`);
  }
  return user;
}

export function textChannelPayload(channel: FakeChannel): APIGuildTextChannel<ChannelType.GuildText> {
  return {
    id: channel.id,
    type: ChannelType.GuildText,
    guild_id: channel.guildId,
    name: channel.name,
    position: channel.position,
    parent_id: null,
    topic: null,
    nsfw: false,
    rate_limit_per_user: 0,
    last_message_id: channel.messages.at(-1)?.id ?? null,
    permission_overwrites: [],
  };
}

function role(id: string, name: string, position: number, permissions: bigint, managed: boolean): APIRole {
  return {
    id,
    name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    position,
    permissions: permissions.toString(),
    managed,
    mentionable: false,
    flags: 0 as RoleFlags,
  };
}

export function guildMember(world: FakeWorld, guild: FakeGuild, user: APIUser): APIGuildMember {
  return {
    user,
    nick: null,
    roles: user.id === world.bot.id ? [guild.botRoleId] : [],
    joined_at: guild.joinedAt,
    deaf: false,
    mute: false,
    flags: 0 as GuildMemberFlags,
  };
}

/** The invoking member as interactions carry it: with the permissions resolved in the channel. */
export function interactionMember(world: FakeWorld, guild: FakeGuild, user: APIUser): APIInteractionGuildMember {
  const permissions = guild.ownerId === user.id ? PermissionFlagsBits.Administrator : world.memberPermissions;
  return { ...guildMember(world, guild, user), user, permissions: permissions.toString() };
}

/** What the bot may do in a channel: @everyone plus its own role (the fake sets no overwrites). */
export function botPermissionsIn(world: FakeWorld): bigint {
  return world.memberPermissions | world.botPermissions;
}

export function guildCreatePayload(world: FakeWorld, guild: FakeGuild): GatewayGuildCreateDispatchData {
  const members = [world.bot, ...world.users];
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: GuildVerificationLevel.Low,
    default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
    explicit_content_filter: GuildExplicitContentFilter.AllMembers,
    roles: [
      // @everyone shares the guild's id.
      role(guild.id, '@everyone', 0, world.memberPermissions, false),
      role(guild.botRoleId, world.bot.username, 1, world.botPermissions, true),
    ],
    emojis: [],
    features: [],
    mfa_level: GuildMFALevel.None,
    application_id: null,
    system_channel_id: guild.channels[0]?.id ?? null,
    system_channel_flags: GuildSystemChannelFlags.SuppressJoinNotifications,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: GuildPremiumTier.None,
    premium_subscription_count: 0,
    preferred_locale: Locale.EnglishUS,
    public_updates_channel_id: null,
    nsfw_level: GuildNSFWLevel.Default,
    stickers: [],
    premium_progress_bar_enabled: false,
    hub_type: null,
    safety_alerts_channel_id: null,
    incidents_data: null,
    max_members: 500_000,
    joined_at: guild.joinedAt,
    large: false,
    member_count: members.length,
    voice_states: [],
    members: members.map((user) => guildMember(world, guild, user)),
    channels: guild.channels.map(textChannelPayload),
    // Discord lists the guild's active threads, so a restarted bot knows its threads.
    threads: world.threads
      .filter((t) => t.guildId === guild.id && !t.thread?.archived)
      .map((t) => activeThread(world, t)),
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

function activeThread(world: FakeWorld, thread: FakeChannel): GatewayGuildCreateDispatchData['threads'][number] {
  return threadPayload(world, thread);
}
