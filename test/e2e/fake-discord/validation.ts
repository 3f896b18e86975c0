import type { FormIssue } from './discord-errors.js';
import { checkChoices, checkCommand, checkCommandList, checkMessageLimits } from './limits.js';
import { validateAgainstSpec } from './spec-validator.js';

// One function per kind of body the bot sends: Discord's OpenAPI schema first, then the limits the spec omits.

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** `POST /interactions/{id}/{token}/callback`, by callback type. */
export function checkInteractionCallback(body: unknown): FormIssue[] {
  const type = isObject(body) ? body.type : undefined;
  const data = isObject(body) ? body.data : undefined;
  switch (type) {
    case 4:
    case 5:
      return [
        ...validateAgainstSpec('CreateMessageInteractionCallbackRequest', body),
        ...checkMessageLimits(data, ['data']),
      ];
    case 6:
    case 7:
      return [
        ...validateAgainstSpec('UpdateMessageInteractionCallbackRequest', body),
        ...checkMessageLimits(data, ['data']),
      ];
    case 8:
      return checkAutocompleteCallback(data);
    case 9:
      return validateAgainstSpec('ModalInteractionCallbackRequest', body);
    default:
      return [
        {
          path: ['type'],
          code: 'BASE_TYPE_CHOICES',
          message: `Value must be one of (4, 5, 6, 7, 8, 9); got ${JSON.stringify(type)}.`,
        },
      ];
  }
}

function checkAutocompleteCallback(data: unknown): FormIssue[] {
  if (!isObject(data)) return [{ path: ['data'], code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }];
  const choices = Array.isArray(data.choices) ? (data.choices as unknown[]) : [];
  // The spec offers string, integer and number variants; the first choice's value says which one was meant.
  const first = choices.find(isObject)?.value;
  const variant =
    typeof first === 'string'
      ? 'InteractionApplicationCommandAutocompleteCallbackStringData'
      : Number.isInteger(first)
        ? 'InteractionApplicationCommandAutocompleteCallbackIntegerData'
        : 'InteractionApplicationCommandAutocompleteCallbackNumberData';
  const issues = choices.length === 0 ? [] : validateAgainstSpec(variant, data);
  return [...issues, ...checkChoices(data.choices, [])].map((issue) => ({ ...issue, path: ['data', ...issue.path] }));
}

/** `PATCH /webhooks/{app}/{token}/messages/{id|@original}`. */
export function checkWebhookEdit(body: unknown): FormIssue[] {
  return [...validateAgainstSpec('IncomingWebhookUpdateRequestPartial', body), ...checkMessageLimits(body)];
}

/** `POST /webhooks/{app}/{token}`: an interaction follow-up. */
export function checkFollowUp(body: unknown): FormIssue[] {
  return [...validateAgainstSpec('IncomingWebhookRequestPartial', body), ...checkMessageLimits(body)];
}

/** `POST /channels/{id}/messages`. */
export function checkChannelPost(body: unknown): FormIssue[] {
  return [...validateAgainstSpec('MessageCreateRequest', body), ...checkMessageLimits(body)];
}

/** `PATCH /channels/{id}/messages/{id}`. */
export function checkChannelEdit(body: unknown): FormIssue[] {
  return [...validateAgainstSpec('MessageEditRequestPartial', body), ...checkMessageLimits(body)];
}

/** `PUT /applications/{app}[/guilds/{guild}]/commands`. */
export function checkCommandOverwrite(body: unknown, options: { global: boolean }): FormIssue[] {
  if (!Array.isArray(body)) return [{ path: [], code: 'BASE_TYPE_BAD_TYPE', message: 'Must be an array of commands.' }];
  return [
    ...validateAgainstSpec('ApplicationCommandUpdateRequest', body, { array: true }),
    ...checkCommandList(body, options),
  ];
}

/** `POST /applications/{app}[/guilds/{guild}]/commands`. */
export function checkCommandCreate(body: unknown): FormIssue[] {
  return [...validateAgainstSpec('ApplicationCommandCreateRequest', body), ...checkCommand(body)];
}
