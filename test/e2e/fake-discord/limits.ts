import type { FormIssue } from './discord-errors.js';

// The fake keeps its own copy of Discord's limits (from Discord's docs and ../shared/DISCORD-TESTING.md), so a
// wrong constant in the bot cannot make the bot and its judge agree on the same mistake.
export const DISCORD_LIMITS = {
  content: 2000,
  embedsPerMessage: 10,
  embedsTotal: 6000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  embedFieldName: 256,
  embedFieldValue: 1024,
  embedFooter: 2048,
  embedAuthorName: 256,
  actionRows: 5,
  buttonsPerRow: 5,
  customId: 100,
  buttonLabel: 80,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  commandDescription: 100,
  commandOptions: 25,
  commandTotal: 8000,
  globalChatInputCommands: 100,
} as const;

export const COMMAND_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

/** Message flag that switches a message to components v2 (no content or embeds, up to 40 components). */
const IS_COMPONENTS_V2 = 1 << 15;

type Path = (string | number)[];
type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const tooLong = (path: Path, limit: number): FormIssue => ({
  path,
  code: 'BASE_TYPE_MAX_LENGTH',
  message: `Must be ${limit} or fewer in length.`,
});

/** Limits the spec leaves out for a message body (a reply, an edit, a follow-up or a channel post). */
export function checkMessageLimits(body: unknown, base: Path = []): FormIssue[] {
  if (!isObject(body)) return [];
  const issues: FormIssue[] = [];
  if (text(body.content).length > DISCORD_LIMITS.content)
    issues.push(tooLong([...base, 'content'], DISCORD_LIMITS.content));
  if (Array.isArray(body.embeds)) issues.push(...checkEmbeds(body.embeds, [...base, 'embeds']));
  if (Array.isArray(body.components)) {
    const v2 = typeof body.flags === 'number' && (body.flags & IS_COMPONENTS_V2) !== 0;
    issues.push(...checkComponents(body.components, [...base, 'components'], v2));
  }
  return issues;
}

/** True when a new message would show nothing: Discord answers 50006 "Cannot send an empty message". */
export function isEmptyMessage(body: unknown): boolean {
  if (!isObject(body)) return true;
  const has = (key: string) => (Array.isArray(body[key]) ? (body[key] as unknown[]).length > 0 : Boolean(body[key]));
  return !['content', 'embeds', 'components', 'attachments', 'sticker_ids', 'poll'].some(has);
}

function checkEmbeds(embeds: unknown[], path: Path): FormIssue[] {
  const issues: FormIssue[] = [];
  if (embeds.length > DISCORD_LIMITS.embedsPerMessage) issues.push(tooLong(path, DISCORD_LIMITS.embedsPerMessage));
  let total = 0;
  embeds.forEach((embed, i) => {
    if (!isObject(embed)) return;
    const at = [...path, i];
    const limit = (value: unknown, key: Path, max: number) => {
      const length = text(value).length;
      total += length;
      if (length > max) issues.push(tooLong([...at, ...key], max));
    };
    limit(embed.title, ['title'], DISCORD_LIMITS.embedTitle);
    limit(embed.description, ['description'], DISCORD_LIMITS.embedDescription);
    if (isObject(embed.footer)) limit(embed.footer.text, ['footer', 'text'], DISCORD_LIMITS.embedFooter);
    if (isObject(embed.author)) limit(embed.author.name, ['author', 'name'], DISCORD_LIMITS.embedAuthorName);
    if (Array.isArray(embed.fields)) {
      if (embed.fields.length > DISCORD_LIMITS.embedFields)
        issues.push(tooLong([...at, 'fields'], DISCORD_LIMITS.embedFields));
      embed.fields.forEach((field, j) => {
        if (!isObject(field)) return;
        limit(field.name, ['fields', j, 'name'], DISCORD_LIMITS.embedFieldName);
        limit(field.value, ['fields', j, 'value'], DISCORD_LIMITS.embedFieldValue);
      });
    }
  });
  if (total > DISCORD_LIMITS.embedsTotal) {
    issues.push({
      path,
      code: 'MAX_EMBED_SIZE_EXCEEDED',
      message: `Embed size exceeds maximum size of ${DISCORD_LIMITS.embedsTotal} (got ${total}).`,
    });
  }
  return issues;
}

function checkComponents(components: unknown[], path: Path, v2: boolean): FormIssue[] {
  const issues: FormIssue[] = [];
  if (!v2 && components.length > DISCORD_LIMITS.actionRows) issues.push(tooLong(path, DISCORD_LIMITS.actionRows));
  const seen = new Set<string>();
  const visit = (component: unknown, at: Path) => {
    if (!isObject(component)) return;
    if (typeof component.custom_id === 'string') {
      if (component.custom_id.length > DISCORD_LIMITS.customId)
        issues.push(tooLong([...at, 'custom_id'], DISCORD_LIMITS.customId));
      if (seen.has(component.custom_id)) {
        issues.push({
          path: [...at, 'custom_id'],
          code: 'COMPONENT_CUSTOM_ID_DUPLICATED',
          message: 'Component custom id cannot be duplicated',
        });
      }
      seen.add(component.custom_id);
    }
    if (component.type === 2 && text(component.label).length > DISCORD_LIMITS.buttonLabel) {
      issues.push(tooLong([...at, 'label'], DISCORD_LIMITS.buttonLabel));
    }
    if (component.type === 1 && Array.isArray(component.components)) {
      const children = component.components as unknown[];
      const buttons = children.filter((c) => isObject(c) && c.type === 2).length;
      if (buttons > DISCORD_LIMITS.buttonsPerRow)
        issues.push(tooLong([...at, 'components'], DISCORD_LIMITS.buttonsPerRow));
      if (buttons > 0 && buttons < children.length) {
        issues.push({
          path: [...at, 'components'],
          code: 'COMPONENT_LAYOUT_WIDTH_EXCEEDED',
          message: 'A select menu must be alone in its row.',
        });
      }
    }
    if (Array.isArray(component.components)) component.components.forEach((c, i) => visit(c, [...at, 'components', i]));
    if (isObject(component.accessory)) visit(component.accessory, [...at, 'accessory']);
  };
  components.forEach((c, i) => visit(c, [...path, i]));
  return issues;
}

/** Autocomplete answers: ≤ 25 choices, name 1–100, string value ≤ 100 (the spec allows 6000). */
export function checkChoices(choices: unknown, path: Path): FormIssue[] {
  if (!Array.isArray(choices)) return [];
  const issues: FormIssue[] = [];
  if (choices.length > DISCORD_LIMITS.choices) issues.push(tooLong(path, DISCORD_LIMITS.choices));
  choices.forEach((choice, i) => {
    if (!isObject(choice)) return;
    const name = text(choice.name);
    if (name.length < 1 || name.length > DISCORD_LIMITS.choiceName) {
      issues.push({
        path: [...path, i, 'name'],
        code: 'BASE_TYPE_BAD_LENGTH',
        message: `Must be between 1 and ${DISCORD_LIMITS.choiceName} in length.`,
      });
    }
    if (typeof choice.value === 'string' && choice.value.length > DISCORD_LIMITS.choiceValue) {
      issues.push(tooLong([...path, i, 'value'], DISCORD_LIMITS.choiceValue));
    }
  });
  return issues;
}

/** The rules for a bulk overwrite (`PUT …/commands`): each command, plus unique names and the global cap. */
export function checkCommandList(commands: unknown, options: { global: boolean }): FormIssue[] {
  if (!Array.isArray(commands)) return [];
  const issues = commands.flatMap((command, i) => checkCommand(command, [i]));
  const keys = commands.filter(isObject).map((c) => `${String(c.type ?? 1)}:${text(c.name)}`);
  keys.forEach((key, i) => {
    if (keys.indexOf(key) !== i) {
      issues.push({
        path: [i, 'name'],
        code: 'APPLICATION_COMMANDS_DUPLICATE_NAME',
        message: 'Application command names must be unique',
      });
    }
  });
  const chatInput = keys.filter((k) => k.startsWith('1:')).length;
  if (options.global && chatInput > DISCORD_LIMITS.globalChatInputCommands) {
    issues.push(tooLong([], DISCORD_LIMITS.globalChatInputCommands));
  }
  return issues;
}

export function checkCommand(command: unknown, path: Path = []): FormIssue[] {
  if (!isObject(command)) return [];
  const issues: FormIssue[] = [];
  const type = command.type ?? 1;
  if (type === 1) {
    issues.push(
      ...checkName(command.name, [...path, 'name']),
      ...checkDescription(command.description, [...path, 'description']),
    );
  }
  if (Array.isArray(command.options)) issues.push(...checkOptions(command.options, [...path, 'options']));
  const total = countCommandCharacters(command);
  if (total > DISCORD_LIMITS.commandTotal) {
    issues.push({
      path,
      code: 'APPLICATION_COMMAND_TOO_LARGE',
      message: `Command exceeds maximum size (${DISCORD_LIMITS.commandTotal}); got ${total}.`,
    });
  }
  return issues;
}

function checkName(name: unknown, path: Path): FormIssue[] {
  const value = text(name);
  if (COMMAND_NAME.test(value) && value === value.toLowerCase()) return [];
  return [
    { path, code: 'APPLICATION_COMMAND_INVALID_NAME', message: `Command name is invalid: ${JSON.stringify(value)}` },
  ];
}

function checkDescription(description: unknown, path: Path): FormIssue[] {
  const length = text(description).length;
  if (length >= 1 && length <= DISCORD_LIMITS.commandDescription) return [];
  return [
    {
      path,
      code: 'BASE_TYPE_BAD_LENGTH',
      message: `Must be between 1 and ${DISCORD_LIMITS.commandDescription} in length.`,
    },
  ];
}

function checkOptions(options: unknown[], path: Path): FormIssue[] {
  const issues: FormIssue[] = [];
  if (options.length > DISCORD_LIMITS.commandOptions) issues.push(tooLong(path, DISCORD_LIMITS.commandOptions));
  let optionalSeen = false;
  const names = new Set<string>();
  options.forEach((option, i) => {
    if (!isObject(option)) return;
    const at = [...path, i];
    issues.push(
      ...checkName(option.name, [...at, 'name']),
      ...checkDescription(option.description, [...at, 'description']),
    );
    if (names.has(text(option.name))) {
      issues.push({
        path: [...at, 'name'],
        code: 'APPLICATION_COMMAND_OPTIONS_DUPLICATE_NAME',
        message: 'Option names must be unique',
      });
    }
    names.add(text(option.name));
    const nested = option.type === 1 || option.type === 2;
    if (nested) {
      if (Array.isArray(option.options)) issues.push(...checkOptions(option.options, [...at, 'options']));
      return;
    }
    if (option.required === true && optionalSeen) {
      issues.push({
        path: [...at, 'required'],
        code: 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
        message: 'Required options must be placed before non-required options',
      });
    }
    if (option.required !== true) optionalSeen = true;
    const hasChoices = Array.isArray(option.choices) && option.choices.length > 0;
    if (option.autocomplete === true && hasChoices) {
      issues.push({
        path: [...at, 'autocomplete'],
        code: 'APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_WITH_CHOICES',
        message: 'Autocomplete cannot be set with choices',
      });
    }
    if (option.autocomplete === true && ![3, 4, 10].includes(option.type as number)) {
      issues.push({
        path: [...at, 'autocomplete'],
        code: 'APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_INVALID',
        message: 'Autocomplete is only for string, integer and number options',
      });
    }
    issues.push(...checkChoices(option.choices, [...at, 'choices']));
  });
  return issues;
}

/** What Discord counts toward a command's 8000 characters: names, descriptions and choice names and values. */
function countCommandCharacters(node: Json): number {
  let total = text(node.name).length + text(node.description).length;
  for (const key of ['name_localizations', 'description_localizations'] as const) {
    const map = node[key];
    if (isObject(map)) total += Object.values(map).reduce<number>((sum, v) => sum + text(v).length, 0);
  }
  if (Array.isArray(node.choices)) {
    for (const choice of node.choices) {
      if (isObject(choice)) total += text(choice.name).length + String(choice.value ?? '').length;
    }
  }
  if (Array.isArray(node.options))
    for (const option of node.options) if (isObject(option)) total += countCommandCharacters(option);
  return total;
}
