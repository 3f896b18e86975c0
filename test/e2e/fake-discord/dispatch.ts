import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ComponentType,
  InteractionContextType,
  InteractionType,
  Locale,
  type APIApplicationCommand,
  type APIApplicationCommandInteractionDataBasicOption,
  type APIApplicationCommandInteractionDataOption,
  type APIApplicationCommandAutocompleteGuildInteraction,
  type APIApplicationCommandOption,
  type APIChatInputApplicationCommandGuildInteraction,
  type APIInteractionDataResolved,
  type APIMessage,
  type APIMessageApplicationCommandGuildInteraction,
  type APIMessageComponentButtonInteraction,
  type APIUser,
  type GatewayMessageCreateDispatchData,
  type InteractionType as InteractionTypeEnum,
} from 'discord-api-types/v10';
import type { FakeClock } from './clock.js';
import type { CommandRegistry } from './commands.js';
import { createMessage } from './messages.js';
import { mintInteractionToken } from './ids.js';
import { channelPayload } from './threads.js';
import {
  botPermissionsIn,
  guildMember,
  interactionMember,
  requireChannel,
  requireUser,
  textChannelPayload,
  findGuild,
  type FakeChannel,
  type FakeGuild,
  type FakeWorld,
} from './world.js';

/** Option values as a user types them: `{ question: 'what is BERT?', limit: 3 }`; users and channels by name or id. */
export type OptionValues = Record<string, string | number | boolean>;

/** Who acts and where. Defaults: the first user (`alice`) in the first channel of the first guild. */
export interface ActorOptions {
  user?: string;
  channel?: string;
  locale?: Locale;
}

export interface DispatchDeps {
  world: FakeWorld;
  clock: FakeClock;
  commands: CommandRegistry;
  mint: () => string;
}

type GuildInteractionBase<T extends InteractionTypeEnum> = Omit<
  APIChatInputApplicationCommandGuildInteraction,
  'type' | 'data'
> & { type: T };

function base<T extends InteractionTypeEnum>(
  deps: DispatchDeps,
  type: T,
  actor: ActorOptions,
): GuildInteractionBase<T> {
  const { world } = deps;
  const channel = resolveChannel(world, actor);
  const guild = guildOf(world, channel);
  const user = requireUser(world, actor.user ?? world.users[0]?.username ?? '');
  const locale = actor.locale ?? Locale.EnglishUS;
  return {
    id: deps.mint(),
    application_id: world.applicationId,
    type,
    token: mintInteractionToken(),
    version: 1,
    guild: { id: guild.id, locale: Locale.EnglishUS, features: [] },
    guild_id: guild.id,
    guild_locale: Locale.EnglishUS,
    channel: channelPayload(world, channel) as ReturnType<typeof textChannelPayload>,
    channel_id: channel.id,
    member: interactionMember(world, guild, user),
    app_permissions: botPermissionsIn(world).toString(),
    locale,
    entitlements: [],
    authorizing_integration_owners: { '0': guild.id },
    context: InteractionContextType.Guild,
    attachment_size_limit: 10 * 1024 * 1024,
  };
}

/** A slash command as Discord sends it; `path` is `ask` or `digest subscribe` for a subcommand. */
export function buildChatInput(
  deps: DispatchDeps,
  path: string,
  values: OptionValues,
  actor: ActorOptions,
): APIChatInputApplicationCommandGuildInteraction {
  const interaction = base(deps, InteractionType.ApplicationCommand, actor);
  const { command, options, wrap } = resolveCommand(deps, path, interaction.guild_id);
  const resolved: APIInteractionDataResolved = {};
  const given = buildOptions(deps, options, values, resolved, { path, focused: undefined });
  const data: APIChatInputApplicationCommandGuildInteraction['data'] = {
    id: command.id,
    name: command.name,
    type: ApplicationCommandType.ChatInput,
    guild_id: interaction.guild_id,
    options: wrap(given),
  };
  if (Object.keys(resolved).length > 0) data.resolved = resolved;
  return { ...interaction, data };
}

/** An autocomplete request while the user types into `focused` (its value may be partial). */
export function buildAutocomplete(
  deps: DispatchDeps,
  path: string,
  values: OptionValues,
  focused: string,
  actor: ActorOptions,
): APIApplicationCommandAutocompleteGuildInteraction {
  const interaction = base(deps, InteractionType.ApplicationCommandAutocomplete, actor);
  const { command, options, wrap } = resolveCommand(deps, path, interaction.guild_id);
  const definition = options.find((o) => o.name === focused);
  if (!definition || !('autocomplete' in definition) || definition.autocomplete !== true) {
    throw new Error(
      `fake-discord: /${path} option ${JSON.stringify(focused)} has no autocomplete; Discord sends no request for it`,
    );
  }
  const resolved: APIInteractionDataResolved = {};
  const given = buildOptions(deps, options, values, resolved, { path, focused });
  return {
    ...interaction,
    data: {
      id: command.id,
      name: command.name,
      type: ApplicationCommandType.ChatInput,
      guild_id: interaction.guild_id,
      options: wrap(given) as APIApplicationCommandAutocompleteGuildInteraction['data']['options'],
    },
  };
}

/** A message context-menu command ("Apps → name") on `target`. */
export function buildMessageCommand(
  deps: DispatchDeps,
  name: string,
  target: APIMessage,
  actor: ActorOptions,
): APIMessageApplicationCommandGuildInteraction {
  const interaction = base(deps, InteractionType.ApplicationCommand, { channel: target.channel_id, ...actor });
  const command = deps.commands.find(name, ApplicationCommandType.Message, interaction.guild_id);
  if (!command) throw notRegistered(deps, name, 'message context-menu', interaction.guild_id);
  return {
    ...interaction,
    data: {
      id: command.id,
      name: command.name,
      type: ApplicationCommandType.Message,
      guild_id: interaction.guild_id,
      target_id: target.id,
      resolved: { messages: { [target.id]: target } },
    },
  };
}

/** A click on the button `customId` of `message`; the button must exist on it, as in Discord's client. */
export function buildButtonClick(
  deps: DispatchDeps,
  message: APIMessage,
  customId: string,
  actor: ActorOptions,
): APIMessageComponentButtonInteraction {
  const ids = buttonIds(message);
  if (!ids.includes(customId)) {
    throw new Error(
      `fake-discord: message ${message.id} has no button ${JSON.stringify(customId)} (buttons: ${JSON.stringify(ids)})`,
    );
  }
  const interaction = base(deps, InteractionType.MessageComponent, { channel: message.channel_id, ...actor });
  return { ...interaction, data: { component_type: ComponentType.Button, custom_id: customId }, message };
}

/** A message a user posts; `mentionBot` prefixes `<@bot>` like picking the bot from Discord's mention list. */
export function buildUserMessage(
  deps: DispatchDeps,
  text: string,
  actor: ActorOptions & { mentionBot?: boolean },
): { message: APIMessage; channel: FakeChannel; event: GatewayMessageCreateDispatchData } {
  const { world } = deps;
  const channel = resolveChannel(world, actor);
  const guild = guildOf(world, channel);
  const author = requireUser(world, actor.user ?? world.users[0]?.username ?? '');
  const content = actor.mentionBot ? `<@${world.bot.id}> ${text}` : text;
  const message = createMessage(world, { id: deps.mint(), channel, author, body: { content }, now: deps.clock.now() });
  const memberWithoutUser = (user: APIUser) => {
    const { user: _user, ...member } = guildMember(world, guild, user);
    return member;
  };
  const event: GatewayMessageCreateDispatchData = {
    ...message,
    guild_id: guild.id,
    member: memberWithoutUser(author),
    mentions: message.mentions.map((user) => ({ ...user, member: memberWithoutUser(user) })),
  };
  return { message, channel, event };
}

export function buttonIds(message: APIMessage): string[] {
  const ids: string[] = [];
  const visit = (component: unknown) => {
    if (component === null || typeof component !== 'object') return;
    const c = component as { type?: number; custom_id?: string; components?: unknown[]; accessory?: unknown };
    if (c.type === ComponentType.Button && typeof c.custom_id === 'string') ids.push(c.custom_id);
    c.components?.forEach(visit);
    visit(c.accessory);
  };
  message.components?.forEach(visit);
  return ids;
}

function resolveChannel(world: FakeWorld, actor: ActorOptions): FakeChannel {
  const fallback = world.guilds[0]?.channels[0];
  if (actor.channel === undefined && !fallback) throw new Error('fake-discord: the world has no channel');
  return actor.channel === undefined ? (fallback as FakeChannel) : requireChannel(world, actor.channel);
}

function guildOf(world: FakeWorld, channel: FakeChannel): FakeGuild {
  const guild = findGuild(world, channel.guildId);
  if (!guild) throw new Error(`fake-discord: channel ${channel.id} has no guild`);
  return guild;
}

type Wrap = (
  options: APIApplicationCommandInteractionDataBasicOption[],
) => APIApplicationCommandInteractionDataOption[];

/** Finds the registered command (guild first, then global) and the option list of the subcommand named in `path`. */
function resolveCommand(
  deps: DispatchDeps,
  path: string,
  guildId: string,
): { command: APIApplicationCommand; options: APIApplicationCommandOption[]; wrap: Wrap } {
  const [name = '', ...rest] = path.trim().split(/\s+/);
  const command = deps.commands.find(name, ApplicationCommandType.ChatInput, guildId);
  if (!command) throw notRegistered(deps, name, 'slash', guildId);
  let options: APIApplicationCommandOption[] = command.options ?? [];
  const wrappers: ((
    inner: APIApplicationCommandInteractionDataOption[],
  ) => APIApplicationCommandInteractionDataOption)[] = [];
  for (const part of rest) {
    const next = options.find(
      (o) =>
        o.name === part &&
        (o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup),
    );
    if (!next) throw new Error(`fake-discord: /${path}: ${JSON.stringify(part)} is not a subcommand of /${name}`);
    // Discord allows a subcommand with no `options` key at all: it simply takes none.
    options = ('options' in next ? (next.options ?? []) : []) as APIApplicationCommandOption[];
    const type = next.type;
    wrappers.push((inner) => ({ type, name: part, options: inner }) as APIApplicationCommandInteractionDataOption);
  }
  if (
    options.some(
      (o) =>
        o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup,
    )
  ) {
    throw new Error(`fake-discord: /${path} needs a subcommand (${options.map((o) => o.name).join(', ')})`);
  }
  const wrap: Wrap = (given) =>
    wrappers.reduceRight<APIApplicationCommandInteractionDataOption[]>((inner, wrapper) => [wrapper(inner)], given);
  return { command, options, wrap };
}

function notRegistered(deps: DispatchDeps, name: string, kind: string, guildId: string): Error {
  const known = [...deps.commands.list(guildId), ...deps.commands.list()].map((c) => c.name);
  return new Error(
    `fake-discord: no ${kind} command ${JSON.stringify(name)} is registered (known: ${JSON.stringify(known)}); register commands first`,
  );
}

function buildOptions(
  deps: DispatchDeps,
  definitions: APIApplicationCommandOption[],
  values: OptionValues,
  resolved: APIInteractionDataResolved,
  context: { path: string; focused: string | undefined },
): APIApplicationCommandInteractionDataBasicOption[] {
  const { world } = deps;
  const where = `/${context.path}`;
  for (const definition of definitions) {
    const required = 'required' in definition && definition.required === true;
    // Discord's client will not send a command with a required option empty; autocomplete may come earlier.
    if (required && context.focused === undefined && !(definition.name in values)) {
      throw new Error(`fake-discord: ${where} is missing required option ${JSON.stringify(definition.name)}`);
    }
  }
  return Object.entries(values).map(([name, value]) => {
    const definition = definitions.find((d) => d.name === name);
    if (!definition) {
      throw new Error(
        `fake-discord: ${where} has no option ${JSON.stringify(name)} (options: ${definitions.map((d) => d.name).join(', ')})`,
      );
    }
    const focused = context.focused === name;
    if (focused) {
      // While typing, the focused value is the raw text, even for numbers.
      return {
        type: definition.type,
        name,
        value: String(value),
        focused: true,
      } as APIApplicationCommandInteractionDataBasicOption;
    }
    const choices = 'choices' in definition ? definition.choices : undefined;
    if (choices && choices.length > 0 && !choices.some((c) => c.value === value)) {
      throw new Error(
        `fake-discord: ${where} option ${name} must be one of ${JSON.stringify(choices.map((c) => c.value))}`,
      );
    }
    switch (definition.type) {
      case ApplicationCommandOptionType.String:
        return { type: definition.type, name, value: expect(name, value, 'string', where) as string };
      case ApplicationCommandOptionType.Integer:
        if (!Number.isInteger(value))
          throw new Error(`fake-discord: ${where} option ${name} expects an integer, got ${JSON.stringify(value)}`);
        return { type: definition.type, name, value: value as number };
      case ApplicationCommandOptionType.Number:
        return { type: definition.type, name, value: expect(name, value, 'number', where) as number };
      case ApplicationCommandOptionType.Boolean:
        return { type: definition.type, name, value: expect(name, value, 'boolean', where) as boolean };
      case ApplicationCommandOptionType.User: {
        const user = requireUser(world, String(value));
        const guild = world.guilds[0];
        resolved.users = { ...resolved.users, [user.id]: user };
        if (guild) {
          const { user: _user, ...member } = interactionMember(world, guild, user);
          resolved.members = { ...resolved.members, [user.id]: member };
        }
        return { type: definition.type, name, value: user.id };
      }
      case ApplicationCommandOptionType.Channel: {
        const channel = requireChannel(world, String(value));
        const payload = textChannelPayload(channel);
        resolved.channels = {
          ...resolved.channels,
          [channel.id]: {
            id: channel.id,
            type: payload.type,
            name: payload.name,
            permissions: botPermissionsIn(world).toString(),
          },
        } as NonNullable<APIInteractionDataResolved['channels']>;
        return { type: definition.type, name, value: channel.id };
      }
      default:
        throw new Error(
          `fake-discord: ${where} option ${name}: type ${definition.type} is not supported by the fake yet`,
        );
    }
  });
}

function expect(name: string, value: unknown, type: 'string' | 'number' | 'boolean', where: string): unknown {
  if (typeof value !== type)
    throw new Error(`fake-discord: ${where} option ${name} expects a ${type}, got ${JSON.stringify(value)}`);
  return value;
}
