import {
  InteractionResponseType,
  InteractionType,
  type APIApplicationCommandOptionChoice,
  type APIInteraction,
  type APIMessage,
} from 'discord-api-types/v10';
import { DiscordErrorCode, discordError, type ErrorResponse } from './discord-errors.js';

/** Time to acknowledge an interaction before Discord forgets it (10062). */
export const ACK_DEADLINE_MS = 3_000;
/** Lifetime of an interaction token for edits and follow-ups (50027 after). */
export const TOKEN_TTL_MS = 15 * 60_000;

/** Callback types each interaction type accepts. */
const ALLOWED_CALLBACKS: Record<number, InteractionResponseType[]> = {
  [InteractionType.ApplicationCommand]: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.Modal,
  ],
  [InteractionType.MessageComponent]: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.DeferredMessageUpdate,
    InteractionResponseType.UpdateMessage,
    InteractionResponseType.Modal,
  ],
  [InteractionType.ApplicationCommandAutocomplete]: [InteractionResponseType.ApplicationCommandAutocompleteResult],
  [InteractionType.ModalSubmit]: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.DeferredMessageUpdate,
    InteractionResponseType.UpdateMessage,
  ],
};

/** Something the bot did with an interaction, in order, with what the fake answered. */
export interface InteractionEvent {
  at: number;
  action:
    | 'callback'
    | 'get-original'
    | 'edit-original'
    | 'delete-original'
    | 'follow-up'
    | 'edit-follow-up'
    | 'delete-follow-up'
    | 'get-follow-up';
  status: number;
  /** Discord's error code when the fake refused. */
  code?: number;
  body?: unknown;
}

export interface InteractionAcknowledgement {
  type: InteractionResponseType;
  data?: Record<string, unknown>;
  at: number;
}

/** Everything the fake knows about one dispatched interaction. */
export interface InteractionRecord {
  id: string;
  token: string;
  payload: APIInteraction;
  createdAt: number;
  channelId: string;
  guildId: string;
  acknowledgement?: InteractionAcknowledgement;
  /** The reply (type 4, or the deferred placeholder until edited) or, for components, the message clicked. */
  original?: APIMessage;
  /** Edits of the original through the webhook; a deferred reply becomes visible with the first. */
  originalEdits: number;
  followUps: APIMessage[];
  /** Autocomplete choices once answered. */
  choices?: APIApplicationCommandOptionChoice[];
  events: InteractionEvent[];
}

/** Discord's rules for the first response: known, within 3 s, once, of a type this interaction accepts. */
export function checkCallback(
  record: InteractionRecord | undefined,
  type: unknown,
  now: number,
): ErrorResponse | undefined {
  if (!record || (now - record.createdAt > ACK_DEADLINE_MS && !record.acknowledgement)) {
    return discordError(404, DiscordErrorCode.UnknownInteraction, 'Unknown interaction');
  }
  if (record.acknowledgement) {
    return discordError(
      400,
      DiscordErrorCode.InteractionAlreadyAcknowledged,
      'Interaction has already been acknowledged.',
    );
  }
  const allowed = ALLOWED_CALLBACKS[record.payload.type] ?? [];
  if (typeof type === 'number' && !allowed.includes(type)) {
    return {
      status: 400,
      body: {
        code: DiscordErrorCode.InvalidFormBody,
        message: 'Invalid Form Body',
        errors: {
          type: {
            _errors: [
              {
                code: 'INTERACTION_CALLBACK_TYPE_INVALID',
                message: `Callback type ${type} is not allowed for interaction type ${record.payload.type} (allowed: ${allowed.join(', ')}).`,
              },
            ],
          },
        },
      },
    };
  }
  return undefined;
}

/** Discord's rules for the interaction webhook (edits, follow-ups): a known token, younger than 15 minutes. */
export function checkWebhookToken(
  record: InteractionRecord | undefined,
  applicationId: string,
  webhookId: string,
  now: number,
): ErrorResponse | undefined {
  if (!record || webhookId !== applicationId)
    return discordError(404, DiscordErrorCode.UnknownWebhook, 'Unknown Webhook');
  if (now - record.createdAt > TOKEN_TTL_MS)
    return discordError(401, DiscordErrorCode.InvalidWebhookToken, 'Invalid Webhook Token');
  // Until the interaction is acknowledged there is nothing to edit or follow up on.
  if (!record.acknowledgement) return discordError(404, DiscordErrorCode.UnknownWebhook, 'Unknown Webhook');
  return undefined;
}

/** What a person would see as the reply, or undefined while there is none (not answered, or still "thinking"). */
export function visibleReply(record: InteractionRecord): APIMessage | undefined {
  const ack = record.acknowledgement;
  if (!ack || !record.original) return undefined;
  if (
    ack.type === InteractionResponseType.ChannelMessageWithSource ||
    ack.type === InteractionResponseType.UpdateMessage
  ) {
    return record.original;
  }
  // Deferred: the placeholder ("thinking…", or the unchanged clicked message) shows until the first edit.
  return record.originalEdits > 0 ? record.original : undefined;
}
