import {
  GatewayDispatchEvents,
  InteractionResponseType,
  MessageFlags,
  type APIApplicationCommandOptionChoice,
  type APIMessage,
  type APIMessageInteractionMetadata,
  type RESTPostAPIInteractionCallbackWithResponseResult,
} from 'discord-api-types/v10';
import { DiscordErrorCode, discordError, invalidFormBody } from './discord-errors.js';
import { checkCallback, checkWebhookToken, type InteractionEvent, type InteractionRecord } from './interactions.js';
import { isEmptyMessage } from './limits.js';
import { createMessage, editMessage } from './messages.js';
import { checkFollowUp, checkInteractionCallback, checkWebhookEdit } from './validation.js';
import { findChannel } from './world.js';
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

const EMPTY_MESSAGE = discordError(400, DiscordErrorCode.CannotSendEmptyMessage, 'Cannot send an empty message');

/** The interaction callback and the interaction webhook: reply, defer, autocomplete, edit, follow up. */
export function interactionRoutes(core: FakeCore): RouteDefinition[] {
  const byToken = (token: string | undefined) => [...core.interactions.values()].find((r) => r.token === token);

  /** Runs a webhook action with the token rules, and records it on the interaction. */
  const webhook = (
    kind: 'get' | 'edit' | 'delete' | 'follow-up',
    run: (record: InteractionRecord, request: RestRequest) => RestResponse,
  ) => {
    return (request: RestRequest): RestResponse => {
      const target =
        request.params.message_id === undefined
          ? ''
          : request.params.message_id === '@original'
            ? '-original'
            : '-follow-up';
      const action = (kind === 'follow-up' ? kind : `${kind}${target}`) as InteractionEvent['action'];
      const record = byToken(request.params.webhook_token);
      const refused = checkWebhookToken(record, core.world.applicationId, request.params.webhook_id ?? '', request.now);
      const response = refused
        ? refuse(refused, `${action}: ${refused.body.message}`)
        : run(record as InteractionRecord, request);
      record?.events.push(event(action, request, response));
      return response;
    };
  };

  const callback = (request: RestRequest): RestResponse => {
    const record = core.interactions.get(request.params.interaction_id ?? '');
    const known = record && record.token === request.params.interaction_token ? record : undefined;
    const body = isObject(request.body) ? request.body : {};
    const response = respond(core, known, body, request);
    record?.events.push(event('callback', request, response));
    return response;
  };

  const original = (record: InteractionRecord, id: string | undefined): APIMessage | undefined => {
    if (id === '@original') return record.original;
    return record.followUps.find((m) => m.id === id) ?? (record.original?.id === id ? record.original : undefined);
  };
  const unknownMessage = () =>
    refuse(discordError(404, DiscordErrorCode.UnknownMessage, 'Unknown Message'), 'no such interaction message');

  return [
    {
      method: 'POST',
      route: '/interactions/{interaction_id}/{interaction_token}/callback',
      auth: false,
      handle: callback,
    },
    {
      method: 'GET',
      route: '/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}',
      auth: false,
      handle: webhook('get', (record, request) => {
        const message = original(record, request.params.message_id);
        return message ? ok(message) : unknownMessage();
      }),
    },
    {
      method: 'PATCH',
      route: '/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}',
      auth: false,
      handle: webhook('edit', (record, request) => {
        const message = original(record, request.params.message_id);
        if (!message) return unknownMessage();
        const issues = checkWebhookEdit(request.body);
        if (issues.length > 0) return refuse(invalidFormBody(issues), describeIssues(issues));
        editMessage(core.world, message, isObject(request.body) ? request.body : {}, request.files, request.now);
        if (message === record.original) record.originalEdits++;
        return ok(message);
      }),
    },
    {
      method: 'DELETE',
      route: '/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}',
      auth: false,
      handle: webhook('delete', (record, request) => {
        const message = original(record, request.params.message_id);
        if (!message) return unknownMessage();
        removeFromChannel(core, message);
        if (message === record.original) delete record.original;
        else record.followUps = record.followUps.filter((m) => m !== message);
        return noContent();
      }),
    },
    {
      method: 'POST',
      route: '/webhooks/{webhook_id}/{webhook_token}',
      auth: false,
      handle: webhook('follow-up', (record, request) => {
        const issues = checkFollowUp(request.body);
        if (issues.length > 0) return refuse(invalidFormBody(issues), describeIssues(issues));
        const body = isObject(request.body) ? request.body : {};
        if (isEmptyMessage(body) && request.files.length === 0) return refuse(EMPTY_MESSAGE, 'empty follow-up');
        const message = interactionMessage(core, record, body, request, 0);
        record.followUps.push(message);
        return request.query.get('wait') === 'false' ? noContent() : ok(message);
      }),
    },
  ];
}

function respond(
  core: FakeCore,
  record: InteractionRecord | undefined,
  body: Record<string, unknown>,
  request: RestRequest,
): RestResponse {
  const refused = checkCallback(record, body.type, request.now);
  if (refused || !record) {
    const error = refused ?? discordError(404, DiscordErrorCode.UnknownInteraction, 'Unknown interaction');
    const age = record ? ` ${request.now - record.createdAt} ms after the interaction` : '';
    return refuse(error, `callback type ${String(body.type)}${age}: ${error.body.message}`);
  }
  const issues = checkInteractionCallback(body);
  if (issues.length > 0) return refuse(invalidFormBody(issues), describeIssues(issues));
  const type = body.type as InteractionResponseType;
  const data = isObject(body.data) ? body.data : {};
  switch (type) {
    case InteractionResponseType.ChannelMessageWithSource:
      if (isEmptyMessage(data) && request.files.length === 0) return refuse(EMPTY_MESSAGE, 'empty reply');
      record.original = interactionMessage(core, record, data, request, 0);
      break;
    case InteractionResponseType.DeferredChannelMessageWithSource:
      // Discord shows "<bot> is thinking…" right away: a loading message, ephemeral if the defer asked for it.
      record.original = interactionMessage(
        core,
        record,
        { flags: (typeof data.flags === 'number' ? data.flags : 0) & MessageFlags.Ephemeral },
        request,
        MessageFlags.Loading,
      );
      break;
    case InteractionResponseType.DeferredMessageUpdate:
    case InteractionResponseType.UpdateMessage: {
      const clicked = 'message' in record.payload ? record.payload.message : undefined;
      const stored = clicked && findChannel(core.world, clicked.channel_id)?.messages.find((m) => m.id === clicked.id);
      const target = stored ?? clicked;
      if (target) record.original = target;
      if (type === InteractionResponseType.UpdateMessage && target)
        editMessage(core.world, target, data, request.files, request.now);
      break;
    }
    case InteractionResponseType.ApplicationCommandAutocompleteResult:
      record.choices = (Array.isArray(data.choices) ? data.choices : []) as APIApplicationCommandOptionChoice[];
      break;
    default:
      break;
  }
  record.acknowledgement = { type, data, at: request.now };
  if (request.query.get('with_response') !== 'true') return noContent();
  const message = record.original;
  const result: RESTPostAPIInteractionCallbackWithResponseResult = {
    interaction: { id: record.id, type: record.payload.type },
  };
  if (message) {
    result.interaction.response_message_id = message.id;
    result.interaction.response_message_loading = ((message.flags ?? 0) & MessageFlags.Loading) !== 0;
    result.interaction.response_message_ephemeral = ((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
    result.resource = { type, message };
  }
  return ok(result);
}

/** A message posted through an interaction (reply or follow-up); non-ephemeral ones appear in the channel. */
function interactionMessage(
  core: FakeCore,
  record: InteractionRecord,
  body: Record<string, unknown>,
  request: RestRequest,
  extraFlags: number,
): APIMessage {
  const channel = findChannel(core.world, record.channelId);
  if (!channel) throw new Error(`fake-discord: interaction ${record.id} points at unknown channel ${record.channelId}`);
  const user = record.payload.member?.user ?? record.payload.user;
  const metadata = {
    id: record.id,
    type: record.payload.type,
    user,
    authorizing_integration_owners: record.payload.authorizing_integration_owners,
  } as APIMessageInteractionMetadata;
  const message = createMessage(core.world, {
    id: core.mint(),
    channel,
    author: core.world.bot,
    body,
    files: request.files,
    now: request.now,
    webhookId: core.world.applicationId,
    applicationId: core.world.applicationId,
    interactionMetadata: metadata,
    flags: extraFlags,
  });
  if (((message.flags ?? 0) & MessageFlags.Ephemeral) === 0) {
    channel.messages.push(message);
    core.gateway.dispatch(
      GatewayDispatchEvents.MessageCreate,
      { ...message, guild_id: channel.guildId },
      channel.guildId,
      { optional: true },
    );
  }
  return message;
}

function removeFromChannel(core: FakeCore, message: APIMessage): void {
  const channel = findChannel(core.world, message.channel_id);
  if (channel) channel.messages = channel.messages.filter((m) => m.id !== message.id);
}

function event(action: InteractionEvent['action'], request: RestRequest, response: RestResponse): InteractionEvent {
  const code = isObject(response.body) && typeof response.body.code === 'number' ? response.body.code : undefined;
  return {
    at: request.now,
    action,
    status: response.status,
    ...(code === undefined ? {} : { code }),
    body: request.body,
  };
}
