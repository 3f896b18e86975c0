// Discord's limits, in one place; every formatter and command definition refers to these names rather
// than to bare numbers. Where Discord documents them (https://discord.com/developers/docs/…):
// - resources/message#create-message: content ≤ 2000 characters, ≤ 10 embeds;
// - resources/message#embed-object-embed-limits: title 256, description 4096, ≤ 25 fields (name 256,
//   value 1024), footer 2048, author name 256, and 6000 over all embeds of a message;
// - interactions/message-components: ≤ 5 action rows, ≤ 5 buttons a row, custom_id ≤ 100, label ≤ 80;
// - interactions/application-commands: names match COMMAND_NAME_PATTERN, descriptions 1-100, ≤ 25
//   options and choices, choice names and values ≤ 100, string max_length ≤ 6000, 8000 characters per
//   command; autocomplete answers ≤ 25 choices and cannot be deferred;
// - interactions/receiving-and-responding: the first response within 3 s, the token valid for 15 min.
// Discord's OpenAPI description (test/fixtures/discord-api-spec) leaves out the content, 6000-total,
// choice-value, name-pattern and per-command limits, so the fake Discord in test/e2e enforces them too.

/** Characters in a message's `content`. */
export const MESSAGE_CONTENT_MAX = 2000;
/** Embeds in one message. */
export const EMBEDS_PER_MESSAGE_MAX = 10;
/** Characters over all embeds of one message: titles, descriptions, field names and values, footers, author names. */
export const EMBEDS_TOTAL_MAX = 6000;
export const EMBED_TITLE_MAX = 256;
export const EMBED_DESCRIPTION_MAX = 4096;
export const EMBED_FIELDS_MAX = 25;
export const EMBED_FIELD_NAME_MAX = 256;
export const EMBED_FIELD_VALUE_MAX = 1024;
export const EMBED_FOOTER_MAX = 2048;
export const EMBED_AUTHOR_NAME_MAX = 256;

/** Action rows in one message, and buttons in one row. */
export const ACTION_ROWS_MAX = 5;
export const BUTTONS_PER_ROW_MAX = 5;
export const CUSTOM_ID_MAX = 100;
export const BUTTON_LABEL_MAX = 80;

/** Autocomplete: choices per response, and the length of a choice's name and string value. */
export const AUTOCOMPLETE_CHOICES_MAX = 25;
export const CHOICE_NAME_MAX = 100;
export const CHOICE_VALUE_MAX = 100;

/** Command names (lower case), descriptions, and options per command. */
export const COMMAND_NAME_PATTERN = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
export const COMMAND_DESCRIPTION_MAX = 100;
export const COMMAND_OPTIONS_MAX = 25;
/** Name + description + option names, descriptions and choices of one command together. */
export const COMMAND_TOTAL_MAX = 8000;
/** A string option's `max_length` may not exceed this. */
export const STRING_OPTION_MAX = 6000;

/** Time to acknowledge an interaction (reply or defer) before Discord answers 10062 Unknown interaction. */
export const INTERACTION_ACK_DEADLINE_MS = 3000;
/** Lifetime of an interaction token: edits and follow-ups after this get 50027. */
export const INTERACTION_TOKEN_TTL_MS = 15 * 60_000;

/** Characters in a thread's name (channel names: 1-100). */
export const THREAD_NAME_MAX = 100;
