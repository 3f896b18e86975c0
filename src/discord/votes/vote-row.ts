// The 👍 buttons under a digest post or a public answer: one per paper, numbered as the papers are. A
// button, not a reaction, so no extra gateway intent is needed, and the id names the paper, so a vote
// works on any process and after any restart.
import { createHash } from 'node:crypto';
import { ButtonStyle, ComponentType, type APIButtonComponentWithCustomId } from 'discord.js';
import type { ActionRow } from '../format/format-message.js';
import { ACTION_ROWS_MAX, BUTTONS_PER_ROW_MAX, CUSTOM_ID_MAX } from '../limits.js';

export const VOTE_BUTTON_PREFIX = 'vote1';
/** Ids too long for a custom id travel as `#` and this many characters of their hash. */
const HASH_LENGTH = 16;

function paperHash(paperId: string): string {
  return createHash('sha256').update(paperId).digest('base64url').slice(0, HASH_LENGTH);
}

/** An id too long for a custom id, or one that would read as a hash, travels hashed. */
function travelsHashed(paperId: string): boolean {
  return `${VOTE_BUTTON_PREFIX}:${paperId}`.length > CUSTOM_ID_MAX || paperId.startsWith('#');
}

/** `vote1:<paper id>`, or `vote1:#<hash>` for an id that would not fit in 100 characters. */
export function encodeVoteButton(paperId: string): string {
  return travelsHashed(paperId) ? `${VOTE_BUTTON_PREFIX}:#${paperHash(paperId)}` : `${VOTE_BUTTON_PREFIX}:${paperId}`;
}

/**
 * The paper a vote button is for: its id, or for a hashed one the id among `paperIds` with that hash.
 * Undefined when the id is not one this version writes or the paper is gone.
 */
export function decodeVoteButton(customId: string, paperIds: () => Iterable<string>): string | undefined {
  if (!customId.startsWith(`${VOTE_BUTTON_PREFIX}:`)) return undefined;
  const rest = customId.slice(VOTE_BUTTON_PREFIX.length + 1);
  if (rest === '') return undefined;
  if (!rest.startsWith('#')) return rest;
  const hash = rest.slice(1);
  if (hash.length !== HASH_LENGTH) return undefined;
  for (const id of paperIds()) if (travelsHashed(id) && paperHash(id) === hash) return id;
  return undefined;
}

/**
 * Rows of 👍 buttons for the papers listed, labelled by their position (`👍 1`, `👍 2`, …), at most
 * `maxRows` rows (the message's other rows count against Discord's five).
 */
export function voteRows(
  paperIds: readonly string[],
  options: { firstNumber?: number; maxRows?: number } = {},
): ActionRow[] {
  const first = options.firstNumber ?? 1;
  const maxRows = Math.min(options.maxRows ?? ACTION_ROWS_MAX, ACTION_ROWS_MAX);
  const seen = new Set<string>();
  const buttons: APIButtonComponentWithCustomId[] = [];
  paperIds.forEach((id, i) => {
    const customId = encodeVoteButton(id);
    // Discord refuses two components with one id; a paper listed twice gets one button.
    if (seen.has(customId)) return;
    seen.add(customId);
    buttons.push({
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      custom_id: customId,
      label: `👍 ${first + i}`,
    });
  });
  const rows: ActionRow[] = [];
  for (let i = 0; i < buttons.length && rows.length < maxRows; i += BUTTONS_PER_ROW_MAX) {
    rows.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + BUTTONS_PER_ROW_MAX) });
  }
  return rows;
}
