// The state of an answer's buttons lives in the buttons themselves, so they keep working after a
// restart: `ask1:<action>:<offset>:<hash>`. The question is too long for a custom id (100 characters),
// so it is read back from the message's footer and checked against the hash.
import { createHash } from 'node:crypto';
import { CUSTOM_ID_MAX } from '../limits.js';

/** `p` go to a page, `f` show full passages, `s` share in channel, `c` cite, `t` follow up in a thread. */
export type AskAction = 'p' | 'f' | 's' | 'c' | 't';

export interface AskButtonState {
  action: AskAction;
  /** Offset of the page (for `p`, of the page to go to). */
  offset: number;
  /** {@link questionHash} of the question the message answers. */
  hash: string;
}

export const ASK_BUTTON_PREFIX = 'ask1';
/** Longest question, in characters: the `/ask` option's `max_length`, and the cut for context menus and mentions. */
export const QUESTION_MAX = 300;

/**
 * The question as it is asked and stored: whitespace collapsed (messages may span lines), invisible
 * zero-width characters removed, cut at a word to {@link QUESTION_MAX}.
 */
export function normalizeQuestion(text: string): string {
  const flat = text
    .replace(/[\u200b-\u200d\u2060\ufeff]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (flat.length <= QUESTION_MAX) return flat;
  const cut = flat.slice(0, QUESTION_MAX);
  const space = cut.lastIndexOf(' ');
  return (space > QUESTION_MAX / 2 ? cut.slice(0, space) : cut).trim();
}

/** 12 characters of base64url SHA-256: plenty to tell one message's question from another. */
export function questionHash(question: string): string {
  return createHash('sha256').update(question).digest('base64url').slice(0, 12);
}

export function encodeAskButton(state: AskButtonState): string {
  const id = `${ASK_BUTTON_PREFIX}:${state.action}:${state.offset.toString(36)}:${state.hash}`;
  if (id.length > CUSTOM_ID_MAX) throw new Error(`ask-state: custom id too long: ${JSON.stringify(id)}`);
  return id;
}

/** Undefined for anything this version did not write (an older format, a tampered id): the button has expired. */
export function decodeAskButton(customId: string): AskButtonState | undefined {
  const match = /^ask1:([pfsct]):([0-9a-z]{1,6}):([\w-]{12})$/.exec(customId);
  if (!match) return undefined;
  const offset = parseInt(match[2]!, 36);
  return { action: match[1] as AskAction, offset, hash: match[3]! };
}
