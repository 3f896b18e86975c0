import {
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type APIApplicationCommand,
} from 'discord-api-types/v10';

type Json = Record<string, unknown>;

/** The commands registered with the fake, global and per guild, as Discord stores them. */
export class CommandRegistry {
  readonly #global: APIApplicationCommand[] = [];
  readonly #guilds = new Map<string, APIApplicationCommand[]>();
  /** Commands created (not updated or left unchanged): Discord allows 200 creates a day per guild. */
  creates = 0;

  constructor(
    private readonly applicationId: string,
    private readonly mint: () => string,
  ) {}

  list(guildId?: string): APIApplicationCommand[] {
    return guildId === undefined ? this.#global : (this.#guilds.get(guildId) ?? []);
  }

  /**
   * A bulk overwrite: commands matched by type and name keep their id, and their version changes only when the
   * definition does, so a deploy step can PUT unchanged commands without counting as creates.
   */
  overwrite(bodies: Json[], guildId?: string): APIApplicationCommand[] {
    const before = this.list(guildId);
    const after = bodies.map((body) => this.#upsert(before, body, guildId));
    if (guildId === undefined) this.#global.splice(0, this.#global.length, ...after);
    else this.#guilds.set(guildId, after);
    return after;
  }

  /** `POST …/commands`: creates, or updates the command of the same type and name. */
  create(body: Json, guildId?: string): APIApplicationCommand {
    const list = [...this.list(guildId)];
    const command = this.#upsert(list, body, guildId);
    const next = [...list.filter((c) => c.id !== command.id), command];
    if (guildId === undefined) this.#global.splice(0, this.#global.length, ...next);
    else this.#guilds.set(guildId, next);
    return command;
  }

  remove(commandId: string, guildId?: string): boolean {
    const list = this.list(guildId);
    const index = list.findIndex((c) => c.id === commandId);
    if (index === -1) return false;
    list.splice(index, 1);
    return true;
  }

  /** The command a user would invoke by name in a guild: guild commands shadow global ones. */
  find(name: string, type: ApplicationCommandType, guildId: string): APIApplicationCommand | undefined {
    const match = (c: APIApplicationCommand) => c.name === name && c.type === type;
    return this.list(guildId).find(match) ?? this.list().find(match);
  }

  #upsert(existing: APIApplicationCommand[], body: Json, guildId: string | undefined): APIApplicationCommand {
    const type = (
      typeof body.type === 'number' ? body.type : ApplicationCommandType.ChatInput
    ) as ApplicationCommandType;
    const previous = existing.find((c) => c.name === body.name && c.type === type);
    const definition = normalize(body, type);
    if (previous && sameDefinition(previous, definition)) return previous;
    if (!previous) this.creates++;
    const command = {
      ...definition,
      id: previous?.id ?? this.mint(),
      application_id: this.applicationId,
      version: this.mint(),
      ...(guildId === undefined ? {} : { guild_id: guildId }),
    } as APIApplicationCommand;
    return command;
  }
}

function normalize(body: Json, type: ApplicationCommandType): Json {
  const permissions = body.default_member_permissions;
  return {
    ...body,
    type,
    description: typeof body.description === 'string' ? body.description : '',
    default_member_permissions: permissions === undefined || permissions === null ? null : String(permissions),
    nsfw: body.nsfw === true,
    contexts: body.contexts ?? [
      InteractionContextType.Guild,
      InteractionContextType.BotDM,
      InteractionContextType.PrivateChannel,
    ],
    integration_types: body.integration_types ?? [ApplicationIntegrationType.GuildInstall],
  };
}

const DEFINITION_KEYS = [
  'type',
  'name',
  'name_localizations',
  'description',
  'description_localizations',
  'options',
  'default_member_permissions',
  'nsfw',
  'contexts',
  'integration_types',
];

function sameDefinition(command: APIApplicationCommand, definition: Json): boolean {
  const pick = (source: object) => JSON.stringify(DEFINITION_KEYS.map((key) => (source as Json)[key] ?? null));
  return pick(command) === pick(definition);
}
