import { GatewayDispatchEvents, PermissionFlagsBits, type APIMessage } from 'discord-api-types/v10';
import { DiscordErrorCode, discordError, invalidFormBody } from './discord-errors.js';
import { validateAgainstSpec } from './spec-validator.js';
import { createThread, threadPayload, ThreadErrorCode } from './threads.js';
import { botPermissionsIn, findChannel, type FakeChannel } from './world.js';
import {
  describeIssues,
  isObject,
  ok,
  refuse,
  type FakeCore,
  type RestRequest,
  type RestResponse,
  type RouteDefinition,
} from './core.js';

const plain = (status: number, code: number, message: string): RestResponse => {
  const error = discordError(status, code, message);
  return { status: error.status, body: error.body };
};

/** Threads: start one from a message, and edit one (archive, unarchive, lock, rename). */
export function threadRoutes(core: FakeCore): RouteDefinition[] {
  const { world } = core;
  const can = (permission: bigint) => (botPermissionsIn(world) & permission) === permission;

  const start = (request: RestRequest): RestResponse => {
    const parent = findChannel(world, request.params.channel_id ?? '');
    if (!parent) return plain(404, DiscordErrorCode.UnknownChannel, 'Unknown Channel');
    if (parent.thread || parent.recipientId !== undefined) {
      return refuse(
        discordError(400, ThreadErrorCode.InvalidChannelType, 'Cannot execute action on this channel type'),
        `a thread can only start from a message in a text channel, not in ${parent.id}`,
      );
    }
    const starter: APIMessage | undefined = parent.messages.find((m) => m.id === request.params.message_id);
    if (!starter) return plain(404, DiscordErrorCode.UnknownMessage, 'Unknown Message');
    const issues = validateAgainstSpec('CreateTextThreadWithMessageRequest', request.body);
    if (issues.length > 0) return refuse(invalidFormBody(issues), describeIssues(issues));
    if (!can(PermissionFlagsBits.ViewChannel)) return plain(403, DiscordErrorCode.MissingAccess, 'Missing Access');
    if (!can(PermissionFlagsBits.CreatePublicThreads))
      return plain(403, DiscordErrorCode.MissingPermissions, 'Missing Permissions');
    if (world.threads.some((t) => t.id === starter.id)) {
      return plain(400, ThreadErrorCode.ThreadAlreadyCreated, 'A thread has already been created for this message');
    }
    const body = isObject(request.body) ? request.body : {};
    const thread = createThread(world, {
      parent,
      starter,
      name: String(body.name),
      owner: world.bot,
      autoArchiveDuration: typeof body.auto_archive_duration === 'number' ? body.auto_archive_duration : 4320,
      now: request.now,
    });
    const payload = threadPayload(world, thread);
    core.gateway.dispatch(GatewayDispatchEvents.ThreadCreate, { ...payload, newly_created: true }, thread.guildId, {
      optional: true,
    });
    return { status: 201, body: payload };
  };

  const edit = (request: RestRequest): RestResponse => {
    const channel = findChannel(world, request.params.channel_id ?? '');
    if (!channel) return plain(404, DiscordErrorCode.UnknownChannel, 'Unknown Channel');
    if (!channel.thread) {
      return refuse(
        discordError(400, ThreadErrorCode.InvalidChannelType, 'Cannot execute action on this channel type'),
        `the fake edits threads only; ${channel.id} is not one`,
      );
    }
    const issues = validateAgainstSpec('UpdateThreadRequestPartial', request.body);
    if (issues.length > 0) return refuse(invalidFormBody(issues), describeIssues(issues));
    const body = isObject(request.body) ? request.body : {};
    const thread = channel.thread;
    const manage = can(PermissionFlagsBits.ManageThreads);
    // Unarchiving a locked thread, or locking one, takes Manage Threads; reopening an open thread anyone may.
    if ((body.locked !== undefined || (body.archived === false && thread.locked)) && !manage)
      return plain(403, DiscordErrorCode.MissingPermissions, 'Missing Permissions');
    setThreadState(core, channel, {
      ...(typeof body.archived === 'boolean' ? { archived: body.archived } : {}),
      ...(typeof body.locked === 'boolean' ? { locked: body.locked } : {}),
      ...(typeof body.name === 'string' ? { name: body.name } : {}),
    });
    return ok(threadPayload(world, channel));
  };

  return [
    { method: 'POST', route: '/channels/{channel_id}/messages/{message_id}/threads', auth: true, handle: start },
    { method: 'PATCH', route: '/channels/{channel_id}', auth: true, handle: edit },
  ];
}

/** Changes a thread as a moderator or the bot would, and sends THREAD_UPDATE as Discord does. */
export function setThreadState(
  core: Pick<FakeCore, 'world' | 'gateway' | 'clock'>,
  channel: FakeChannel,
  change: { archived?: boolean; locked?: boolean; name?: string },
): void {
  const thread = channel.thread;
  if (!thread) throw new Error(`fake-discord: channel ${channel.id} is not a thread`);
  if (change.archived !== undefined && change.archived !== thread.archived) {
    thread.archived = change.archived;
    thread.archiveTimestamp = new Date(core.clock.now()).toISOString();
  }
  if (change.locked !== undefined) thread.locked = change.locked;
  if (change.name !== undefined) channel.name = change.name;
  core.gateway.dispatch(GatewayDispatchEvents.ThreadUpdate, threadPayload(core.world, channel), channel.guildId, {
    optional: true,
  });
}
