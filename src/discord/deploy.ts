// Registering the command list with Discord: read what is registered, and replace it only when the
// definitions differ (Discord allows 200 command creations a day per guild; a PUT of unchanged
// commands still counts against that budget).
import { Routes, type REST, type RESTPostAPIApplicationCommandsJSONBody } from 'discord.js';

/** Fields Discord fills in itself, or that only carry translations we do not set. */
const COMPARED = ['type', 'name', 'description', 'options', 'default_member_permissions', 'nsfw'] as const;
/** Compared only when our definition sets them (Discord reports defaults otherwise). */
const COMPARED_WHEN_SET = ['contexts', 'integration_types'] as const;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Drops what Discord treats as absent: null, false flags, empty lists, localisations; sorts keys. */
function canonical(value: unknown): Json | undefined {
  if (value === null || value === undefined || value === false) return undefined;
  if (Array.isArray(value)) {
    const items = value.map(canonical).filter((v): v is Json => v !== undefined);
    return items.length > 0 ? items : undefined;
  }
  if (typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(value).sort()) {
      if (/_localizations$|_localized$/.test(key)) continue;
      const v = canonical((value as Record<string, unknown>)[key]);
      if (v !== undefined) out[key] = v;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  return value as Json;
}

function comparable(command: Record<string, unknown>, keys: readonly string[]): string {
  const picked: Record<string, unknown> = { type: 1, description: '' };
  for (const key of keys) if (command[key] !== undefined) picked[key] = command[key];
  return JSON.stringify(canonical(picked));
}

/**
 * True when the registered commands differ from ours in anything we define (order does not matter).
 * @example commandsDiffer(await rest.get(route), COMMANDS.map((c) => c.data)) // false: nothing to do
 */
export function commandsDiffer(
  registered: readonly Record<string, unknown>[],
  ours: readonly RESTPostAPIApplicationCommandsJSONBody[],
): boolean {
  if (registered.length !== ours.length) return true;
  const key = (c: Record<string, unknown>) => `${String(c.type ?? 1)}:${String(c.name)}`;
  const remote = new Map(registered.map((c) => [key(c), c]));
  return ours.some((mine) => {
    const local = mine as unknown as Record<string, unknown>;
    const theirs = remote.get(key(local));
    if (!theirs) return true;
    const keys = [...COMPARED, ...COMPARED_WHEN_SET.filter((k) => local[k] !== undefined)];
    return comparable(local, keys) !== comparable(theirs, keys);
  });
}

export interface DeployResult {
  applicationId: string;
  /** `global` or the guild id. */
  scope: string;
  changed: boolean;
  count: number;
}

/**
 * Registers `commands` globally or in one guild, only when they changed.
 * The application id is read from the token (`GET /applications/@me`) when not given.
 */
export async function deployCommands(
  rest: REST,
  commands: readonly RESTPostAPIApplicationCommandsJSONBody[],
  target: { applicationId?: string | undefined; guildId?: string | undefined },
): Promise<DeployResult> {
  const applicationId = target.applicationId ?? ((await rest.get(Routes.currentApplication())) as { id: string }).id;
  const route = target.guildId
    ? Routes.applicationGuildCommands(applicationId, target.guildId)
    : Routes.applicationCommands(applicationId);
  const registered = (await rest.get(route)) as Record<string, unknown>[];
  const scope = target.guildId ?? 'global';
  if (!commandsDiffer(registered, commands)) return { applicationId, scope, changed: false, count: commands.length };
  await rest.put(route, { body: commands });
  return { applicationId, scope, changed: true, count: commands.length };
}
