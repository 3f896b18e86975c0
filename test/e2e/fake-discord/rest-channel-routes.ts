import { GatewayDispatchEvents, PermissionFlagsBits, type APIMessage } from 'discord-api-types/v10';
import { DiscordErrorCode, discordError, invalidFormBody } from './discord-errors.js';
import { isEmptyMessage } from './limits.js';
import { createMessage, editMessage } from './messages.js';
import { checkChannelEdit, checkChannelPost } from './validation.js';
import { channelPayload, threadPostRefusal } from './threads.js';
import { botPermissionsIn, findChannel, type FakeChannel } from './world.js';
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

/** How long Discord remembers an enforced nonce ("the past few minutes"; the exact window is not documented). */
export const NONCE_WINDOW_MS = 5 * 60_000;

const plain = (status: number, code: number, message: string): RestResponse => {
  const error = discordError(status, code, message);
  return { status: error.status, body: error.body };
};

/** Channels and their messages: fetch the channel, post (with nonce dedupe), list, fetch, edit, delete, typing. */
export function channelRoutes(core: FakeCore): RouteDefinition[] {
  const { world } = core;
  // An unknown channel is an answer the bot must handle (a deleted channel), not a rule it broke.
  const withChannel = (run: (channel: FakeChannel, request: RestRequest) => RestResponse) => (request: RestRequest) => {
    const channel = findChannel(world, request.params.channel_id ?? '');
    return channel ? run(channel, request) : plain(404, DiscordErrorCode.UnknownChannel, 'Unknown Channel');
  };
  const withMessage = (run: (channel: FakeChannel, message: APIMessage, request: RestRequest) => RestResponse) =>
    withChannel((channel, request) => {
      const message = channel.messages.find((m) => m.id === request.params.message_id);
      return message ? run(channel, message, request) : plain(404, DiscordErrorCode.UnknownMessage, 'Unknown Message');
    });
  const can = (permission: bigint) => (botPermissionsIn(world) & permission) === permission;

  const post = withChannel((channel, request) => {
    if (!can(PermissionFlagsBits.ViewChannel)) return plain(403, DiscordErrorCode.MissingAccess, 'Missing Access');
    if (!can(PermissionFlagsBits.SendMessages))
      return plain(403, DiscordErrorCode.MissingPermissions, 'Missing Permissions');
    // An archived or locked thread is an answer the bot must handle, not a rule it broke.
    const refused = threadPostRefusal(world, channel);
    if (refused) return { status: refused.status, body: refused.body };
    const issues = checkChannelPost(request.body);
    if (issues.length > 0) return refuse(invalidFormBody(issues), describeIssues(issues));
    const body = isObject(request.body) ? request.body : {};
    if (isEmptyMessage(body) && request.files.length === 0) {
      return refuse(
        discordError(400, DiscordErrorCode.CannotSendEmptyMessage, 'Cannot send an empty message'),
        'empty channel message',
      );
    }
    const nonceKey =
      body.enforce_nonce === true && body.nonce != null ? `${channel.id}:${String(body.nonce)}` : undefined;
    const previous = nonceKey ? core.nonces.get(nonceKey) : undefined;
    if (previous && request.now - previous.at <= NONCE_WINDOW_MS) return ok(previous.message);
    const message = createMessage(world, {
      id: core.mint(),
      channel,
      author: world.bot,
      body,
      files: request.files,
      now: request.now,
    });
    channel.messages.push(message);
    if (nonceKey) core.nonces.set(nonceKey, { message, at: request.now });
    // A DM has no guild: its events carry no guild_id.
    const guild = channel.guildId === '' ? undefined : channel.guildId;
    core.gateway.dispatch(
      GatewayDispatchEvents.MessageCreate,
      { ...message, ...(guild ? { guild_id: guild } : {}) },
      guild,
      { optional: true },
    );
    return ok(message);
  });

  const list = withChannel((channel, request) => {
    const limit = Math.min(100, Math.max(1, Number(request.query.get('limit') ?? 50) || 50));
    const before = request.query.get('before');
    const after = request.query.get('after');
    let messages = [...channel.messages];
    if (before) messages = messages.filter((m) => BigInt(m.id) < BigInt(before));
    if (after) messages = messages.filter((m) => BigInt(m.id) > BigInt(after));
    // Discord lists newest first; with `after` it returns the oldest ones after the id.
    const page = after ? messages.slice(0, limit) : messages.slice(-limit);
    return ok(page.reverse());
  });

  const edit = withMessage((_channel, message, request) => {
    if (message.author.id !== world.bot.id) {
      return refuse(
        discordError(403, 50005, 'Cannot edit a message authored by another user'),
        `edit of message ${message.id} by ${message.author.username}`,
      );
    }
    const issues = checkChannelEdit(request.body);
    if (issues.length > 0) return refuse(invalidFormBody(issues), describeIssues(issues));
    return ok(editMessage(world, message, isObject(request.body) ? request.body : {}, request.files, request.now));
  });

  const remove = withMessage((channel, message) => {
    channel.messages = channel.messages.filter((m) => m !== message);
    return noContent();
  });

  return [
    {
      method: 'GET',
      route: '/channels/{channel_id}',
      auth: true,
      handle: withChannel((channel) => ok(channelPayload(world, channel))),
    },
    { method: 'GET', route: '/channels/{channel_id}/messages', auth: true, handle: list },
    { method: 'POST', route: '/channels/{channel_id}/messages', auth: true, handle: post },
    {
      method: 'GET',
      route: '/channels/{channel_id}/messages/{message_id}',
      auth: true,
      handle: withMessage((_c, message) => ok(message)),
    },
    { method: 'PATCH', route: '/channels/{channel_id}/messages/{message_id}', auth: true, handle: edit },
    { method: 'DELETE', route: '/channels/{channel_id}/messages/{message_id}', auth: true, handle: remove },
    { method: 'POST', route: '/channels/{channel_id}/typing', auth: true, handle: withChannel(() => noContent()) },
  ];
}
