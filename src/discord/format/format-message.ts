// The last guard before a message leaves: whatever the formatters built, what is sent fits Discord's
// limits and pings no one. Formatters budget their text so this rarely has to cut; when it does, it
// cuts whole fields and embeds from the end, never the middle of a rendered passage.
import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
} from 'discord.js';
import { escapeTitle, plainText, truncateWords, CUT_MARKER } from './format-text.js';
import {
  ACTION_ROWS_MAX,
  BUTTONS_PER_ROW_MAX,
  EMBED_AUTHOR_NAME_MAX,
  EMBED_DESCRIPTION_MAX,
  EMBED_FIELD_NAME_MAX,
  EMBED_FIELD_VALUE_MAX,
  EMBED_FIELDS_MAX,
  EMBED_FOOTER_MAX,
  EMBED_TITLE_MAX,
  EMBEDS_PER_MESSAGE_MAX,
  EMBEDS_TOTAL_MAX,
  MESSAGE_CONTENT_MAX,
} from '../limits.js';

/**
 * Nothing in a message Paperboy sends may ping: not users, not roles, not @everyone, not the
 * replied-to author. (discord.js option spelling; it sends `allowed_mentions: { parse: [] }`.)
 */
export const NO_MENTIONS = { parse: [] as [], repliedUser: false } as const;

export type ActionRow = APIActionRowComponent<APIComponentInMessageActionRow>;

/**
 * The row under a draft that asks to be confirmed: a primary button that saves it and Cancel.
 * @example confirmRow('Subscribe', 'dg1:confirm:abc', 'dg1:cancel:abc')
 */
export function confirmRow(label: string, confirmId: string, cancelId: string): ActionRow {
  return {
    type: ComponentType.ActionRow,
    components: [
      { type: ComponentType.Button, style: ButtonStyle.Primary, label, custom_id: confirmId },
      { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Cancel', custom_id: cancelId },
    ],
  };
}

/**
 * A message body as discord.js takes it for a reply, an edit, a follow-up or a channel post. Content is
 * always present (maybe empty) so an edit replaces the old content rather than keeping it.
 */
export interface MessageBody {
  content: string;
  embeds: APIEmbed[];
  components: ActionRow[];
  allowedMentions: typeof NO_MENTIONS;
}

/** Characters Discord counts toward the 6000 of one embed. */
export function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0)
  );
}

/** Cuts rendered markdown at its last line or space that keeps it within `max` (the formatters budget first). */
function clampRendered(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = text.slice(0, Math.max(0, max - 2));
  const at = Math.max(room.lastIndexOf('\n'), room.lastIndexOf(' '));
  let cut = at > 0 ? room.slice(0, at) : '';
  // An odd run of backslashes at the end would escape the marker.
  if (/(^|[^\\])(\\\\)*\\$/.test(cut)) cut = cut.slice(0, -1);
  // An unclosed bold run would swallow the marker; drop the dangling `**`.
  if ((cut.match(/(?<!\\)\*\*/g)?.length ?? 0) % 2 === 1) cut = cut.replace(/(?<!\\)\*\*(?!.*(?<!\\)\*\*)/s, '');
  return cut.length > 0 ? `${cut} ${CUT_MARKER}` : CUT_MARKER;
}

/** One embed within the per-part limits. Plain-text parts (footer, author) are cut at words. */
export function fitEmbed(embed: APIEmbed): APIEmbed {
  const out: APIEmbed = { ...embed };
  if (out.title !== undefined) out.title = clampRendered(out.title, EMBED_TITLE_MAX);
  if (out.description !== undefined) out.description = clampRendered(out.description, EMBED_DESCRIPTION_MAX);
  if (out.footer && out.footer.text.length > EMBED_FOOTER_MAX)
    out.footer = { ...out.footer, text: truncateWords(out.footer.text, EMBED_FOOTER_MAX) };
  if (out.author && out.author.name.length > EMBED_AUTHOR_NAME_MAX)
    out.author = { ...out.author, name: truncateWords(out.author.name, EMBED_AUTHOR_NAME_MAX) };
  if (out.fields) {
    out.fields = out.fields.slice(0, EMBED_FIELDS_MAX).map((f) => ({
      ...f,
      name: clampRendered(f.name, EMBED_FIELD_NAME_MAX) || '\u200b',
      value: clampRendered(f.value, EMBED_FIELD_VALUE_MAX) || '\u200b',
    }));
  }
  return out;
}

/**
 * Fits a list of embeds into one message: at most 10, each within its part limits, 6000 characters in
 * all. Over the total, fields are dropped from the last embed first, then whole embeds; the first
 * embed is always kept (its description shortened as a last resort).
 */
export function fitEmbeds(embeds: readonly APIEmbed[]): APIEmbed[] {
  const out = embeds.slice(0, EMBEDS_PER_MESSAGE_MAX).map(fitEmbed);
  const total = () => out.reduce((sum, e) => sum + embedLength(e), 0);
  while (total() > EMBEDS_TOTAL_MAX) {
    const last = out[out.length - 1]!;
    if (last.fields && last.fields.length > 0) last.fields = last.fields.slice(0, -1);
    else if (out.length > 1) out.pop();
    else {
      const over = total() - EMBEDS_TOTAL_MAX;
      last.description = clampRendered(last.description ?? '', Math.max(0, (last.description?.length ?? 0) - over));
      if (total() > EMBEDS_TOTAL_MAX) last.title = escapeTitle(plainText(last.title ?? ''), 64);
      break;
    }
  }
  return out;
}

/** Buttons: at most 5 rows of at most 5; empty rows dropped. */
export function fitComponents(rows: readonly ActionRow[]): ActionRow[] {
  return rows
    .map((row) => ({ ...row, components: row.components.slice(0, BUTTONS_PER_ROW_MAX) }))
    .filter((row) => row.components.length > 0)
    .slice(0, ACTION_ROWS_MAX);
}

/**
 * Assembles a message that fits every limit and pings no one.
 * @example message({ content: 'No paper matches.' })
 */
export function message(parts: {
  content?: string;
  embeds?: readonly APIEmbed[];
  components?: readonly ActionRow[];
}): MessageBody {
  return {
    content: clampRendered(parts.content ?? '', MESSAGE_CONTENT_MAX),
    embeds: fitEmbeds(parts.embeds ?? []),
    components: fitComponents(parts.components ?? []),
    allowedMentions: NO_MENTIONS,
  };
}
