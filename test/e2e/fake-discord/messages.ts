import {
  MessageFlags,
  MessageType,
  type APIAttachment,
  type APIEmbed,
  type APIMessage,
  type APIMessageInteractionMetadata,
  type APIUser,
} from 'discord-api-types/v10';
import type { FakeChannel, FakeWorld } from './world.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A file that arrived in a multipart body (`files[n]`). */
export interface UploadedFile {
  field: string;
  filename: string;
  contentType: string;
  size: number;
}

export interface NewMessage {
  id: string;
  channel: FakeChannel;
  author: APIUser;
  body: Json;
  files?: UploadedFile[];
  now: number;
  webhookId?: string;
  applicationId?: string;
  interactionMetadata?: APIMessageInteractionMetadata;
  /** Extra flags Discord sets itself, e.g. Loading for a deferred reply. */
  flags?: number;
}

/** The message Discord would store for a body the bot sent, with mentions resolved as `allowed_mentions` permits. */
export function createMessage(world: FakeWorld, input: NewMessage): APIMessage {
  const content = typeof input.body.content === 'string' ? input.body.content : '';
  const mentions = resolveMentions(world, content, input.body.allowed_mentions);
  const message: APIMessage = {
    id: input.id,
    channel_id: input.channel.id,
    author: input.author,
    content,
    timestamp: new Date(input.now).toISOString(),
    edited_timestamp: null,
    tts: input.body.tts === true,
    mention_everyone: mentions.everyone,
    mentions: mentions.users,
    mention_roles: mentions.roles,
    attachments: toAttachments(input.body, input.files ?? [], input.id),
    embeds: toEmbeds(input.body.embeds),
    pinned: false,
    type: input.interactionMetadata ? MessageType.ChatInputCommand : MessageType.Default,
    flags: ((typeof input.body.flags === 'number' ? input.body.flags : 0) | (input.flags ?? 0)) as MessageFlags,
    components: (Array.isArray(input.body.components) ? input.body.components : []) as NonNullable<
      APIMessage['components']
    >,
  };
  if (input.body.nonce !== undefined && input.body.nonce !== null) message.nonce = input.body.nonce as string | number;
  if (input.webhookId) message.webhook_id = input.webhookId;
  if (input.applicationId) message.application_id = input.applicationId;
  if (input.interactionMetadata) message.interaction_metadata = input.interactionMetadata;
  if (isObject(input.body.message_reference) && typeof input.body.message_reference.message_id === 'string') {
    message.type = MessageType.Reply;
    message.message_reference = {
      message_id: input.body.message_reference.message_id,
      channel_id: input.channel.id,
      ...(input.channel.guildId === '' ? {} : { guild_id: input.channel.guildId }),
    };
  }
  return message;
}

/** Applies an edit body in place, as Discord does: only the fields sent change; a deferred reply stops loading. */
export function editMessage(
  world: FakeWorld,
  message: APIMessage,
  body: Json,
  files: UploadedFile[],
  now: number,
): APIMessage {
  if ('content' in body) {
    message.content = typeof body.content === 'string' ? body.content : '';
    const mentions = resolveMentions(world, message.content, body.allowed_mentions);
    message.mentions = mentions.users;
    message.mention_roles = mentions.roles;
    message.mention_everyone = mentions.everyone;
  }
  if ('embeds' in body) message.embeds = toEmbeds(body.embeds);
  if ('components' in body)
    message.components = (Array.isArray(body.components) ? body.components : []) as NonNullable<
      APIMessage['components']
    >;
  if ('attachments' in body || files.length > 0) message.attachments = toAttachments(body, files, message.id);
  if (typeof body.flags === 'number')
    message.flags = (((message.flags ?? 0) & MessageFlags.Ephemeral) | body.flags) as MessageFlags;
  message.flags = ((message.flags ?? 0) & ~MessageFlags.Loading) as MessageFlags;
  message.edited_timestamp = new Date(now).toISOString();
  return message;
}

/**
 * Who a message pings. Without `allowed_mentions` Discord parses everything in the content; with it, only the
 * kinds in `parse` and the ids listed. Tests read `mentions`/`mention_everyone` to prove nothing pings.
 */
export function resolveMentions(
  world: FakeWorld,
  content: string,
  allowed: unknown,
): { users: APIUser[]; roles: string[]; everyone: boolean } {
  const parse =
    isObject(allowed) && Array.isArray(allowed.parse) ? (allowed.parse as string[]) : ['users', 'roles', 'everyone'];
  const listed = (key: 'users' | 'roles') =>
    isObject(allowed) && Array.isArray(allowed[key]) ? new Set(allowed[key] as string[]) : new Set<string>();
  const allowUser = (id: string) => !isObject(allowed) || parse.includes('users') || listed('users').has(id);
  const allowRole = (id: string) => !isObject(allowed) || parse.includes('roles') || listed('roles').has(id);
  const known = [world.bot, ...world.users];
  const users = [...content.matchAll(/<@!?(\d{17,20})>/g)]
    .map((m) => m[1] ?? '')
    .filter((id, i, all) => all.indexOf(id) === i && allowUser(id))
    .flatMap((id) => known.filter((u) => u.id === id));
  const roles = [...content.matchAll(/<@&(\d{17,20})>/g)].map((m) => m[1] ?? '').filter((id) => allowRole(id));
  const everyone = /@(everyone|here)\b/.test(content) && (!isObject(allowed) || parse.includes('everyone'));
  return { users, roles: [...new Set(roles)], everyone };
}

function toEmbeds(embeds: unknown): APIEmbed[] {
  if (!Array.isArray(embeds)) return [];
  return embeds.filter(isObject).map((embed) => {
    const clean = Object.fromEntries(Object.entries(embed).filter(([, v]) => v !== null && v !== undefined));
    return { type: 'rich', ...clean } as APIEmbed;
  });
}

function toAttachments(body: Json, files: UploadedFile[], messageId: string): APIAttachment[] {
  const described = Array.isArray(body.attachments) ? body.attachments.filter(isObject) : [];
  return files.map((file, i) => {
    const meta = described.find((a) => String(a.id) === String(i));
    const filename = typeof meta?.filename === 'string' ? meta.filename : file.filename;
    const id = `${messageId}${i}`;
    return {
      id,
      filename,
      size: file.size,
      url: `https://cdn.discordapp.com/attachments/${messageId}/${id}/${filename}`,
      proxy_url: `https://media.discordapp.net/attachments/${messageId}/${id}/${filename}`,
      content_type: file.contentType,
    };
  });
}
