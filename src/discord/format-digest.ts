// A digest plan as a Discord message: escaped and neutralised like every /ask answer (format-text.ts),
// inside Discord's limits (limits.ts), with timestamps Discord renders in each reader's own timezone.
import type { APIEmbed, RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import type { DigestItem, DigestPlan } from '../core/digest.js';
import { digestHeading, digestNotes, type LateSlot } from '../core/digest-notes.js';
import {
  EMBED_DESCRIPTION_MAX,
  EMBED_FOOTER_MAX,
  EMBED_TITLE_MAX,
  EMBEDS_PER_MESSAGE_MAX,
  EMBEDS_TOTAL_MAX,
  MESSAGE_CONTENT_MAX,
} from './limits.js';
import { escapeText, escapeTitle, fitPassage, maskedLink, plainText, truncateWords } from './format-text.js';

/** A digest message body; the job adds the nonce. Corpus text can never ping: no mention is parsed. */
export type DigestMessage = RESTPostAPIChannelMessageJSONBody & {
  content: string;
  embeds: APIEmbed[];
  allowed_mentions: { parse: [] };
};

export interface DigestMessageContext {
  /** Set when the digest is posted after its slot. */
  late?: LateSlot | undefined;
  /** `YYYY-MM-DD` in the subscription's timezone, shown in the footer. */
  localDate: string;
  /** `/digest preview` and `/digest now` say what they are. */
  label?: string | undefined;
}

const DIGEST_COLOR = 0x3b82f6;
const ITEM_TITLE_MAX = 200;
const AUTHORS_SHOWN = 3;
const LINKS_SHOWN = 3;
/** Summary budgets tried in turn until the whole digest fits in one message. */
const SUMMARY_BUDGETS = [320, 220, 140, 80, 0] as const;
// Private-use characters mark where an instant goes; escaping leaves them alone.
const PLACEHOLDER = /\uE000(\d+)\uE001/g;

/** `<t:unix:R>` ("3 hours ago"), which each reader sees in their own language and timezone. */
function discordTime(iso: string, style: 'R'): string {
  return `<t:${Math.floor(Date.parse(iso) / 1000)}:${style}>`;
}

/**
 * The notes, escaped, with Discord timestamps put back after escaping (escaping would neutralise
 * `<t:…>`): the core formats each instant as a numbered placeholder.
 */
function renderNotes(plan: DigestPlan, late: LateSlot | undefined): string[] {
  const instants: string[] = [];
  const notes = digestNotes(plan, {
    late,
    formatInstant: (iso) => `\uE000${instants.push(iso) - 1}\uE001`,
  });
  return notes.map((note) =>
    escapeText(note).replace(PLACEHOLDER, (_m, i: string) => {
      const iso = instants[Number(i)];
      if (iso === undefined) return '';
      // Relative ("2 days ago"); Discord shows the full local date on hover.
      return discordTime(iso, 'R');
    }),
  );
}

function byline(item: DigestItem): string {
  const authors =
    item.authors.length > AUTHORS_SHOWN
      ? `${item.authors.slice(0, AUTHORS_SHOWN).join(', ')} et al.`
      : item.authors.join(', ');
  const parts = [authors, [item.venue, item.year].filter((p) => p !== null).join(' ')].filter((p) => p !== '');
  return parts.length === 0 ? '' : escapeText(truncateWords(parts.join(' · '), 160));
}

function renderItem(item: DigestItem, position: number, summaryMax: number): string {
  const main = item.links[0];
  const title = main ? maskedLink(item.title, main.url, ITEM_TITLE_MAX) : escapeTitle(item.title, ITEM_TITLE_MAX);
  const lines = [`**${position}. ${title}**`];
  const by = byline(item);
  if (by !== '') lines.push(by);
  if (summaryMax > 0 && item.summary !== '') lines.push(fitPassage(item.summary, summaryMax));
  const more = item.links.slice(1, 1 + LINKS_SHOWN).map((l) => maskedLink(l.label, l.url, 40));
  if (more.length > 0) lines.push(more.join(' · '));
  return lines.join('\n');
}

/** Packs blocks into descriptions of at most `max` characters, in order. */
function pack(blocks: readonly string[], max: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const block of blocks) {
    const next = current === '' ? block : `${current}\n\n${block}`;
    if (next.length <= max) current = next;
    else {
      if (current !== '') out.push(current);
      current = block.length <= max ? block : fitPassage(block, max);
    }
  }
  if (current !== '') out.push(current);
  return out;
}

function embedsLength(embeds: readonly APIEmbed[]): number {
  return embeds.reduce(
    (n, e) => n + (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0),
    0,
  );
}

/**
 * Renders a digest plan as one Discord message: a short header, then the section heading, the notes
 * (late, nothing new, why empty) and the papers with their summaries and links. Summaries shrink, then
 * trailing papers are dropped (and counted), until the message fits Discord's limits.
 * @example renderDigestMessage(plan, { localDate: '2025-03-01' }).embeds[0].title // 'New in the corpus'
 */
export function renderDigestMessage(plan: DigestPlan, context: DigestMessageContext): DigestMessage {
  const topic = plan.topic === '' ? 'every paper' : `topic “${plan.topic}”`;
  const header = `📰 **${escapeText(context.label ?? 'Daily digest')}** · ${escapeText(truncateWords(topic, 300))}`;
  const notes = renderNotes(plan, context.late);
  const footer = plainText(
    truncateWords(`Paperboy · digest #${plan.subscriptionId} · ${context.localDate}`, EMBED_FOOTER_MAX),
  );
  const title = escapeTitle(digestHeading(plan), EMBED_TITLE_MAX);

  let items = plan.items;
  for (;;) {
    for (const budget of SUMMARY_BUDGETS) {
      const blocks = items.map((item, i) => renderItem(item, i + 1, budget));
      const dropped = plan.items.length - items.length;
      if (dropped > 0) blocks.push(escapeText(`${dropped} more did not fit in one message.`));
      const head = notes.length > 0 ? notes.map((n) => `*${n}*`).join('\n') : '';
      const descriptions = pack(head === '' ? blocks : [head, ...blocks], EMBED_DESCRIPTION_MAX);
      const embeds: APIEmbed[] = descriptions.map((description, i) => ({
        ...(i === 0 ? { title } : {}),
        description,
        color: DIGEST_COLOR,
        ...(i === descriptions.length - 1 ? { footer: { text: footer } } : {}),
      }));
      if (embeds.length === 0) embeds.push({ title, color: DIGEST_COLOR, footer: { text: footer } });
      if (embeds.length <= EMBEDS_PER_MESSAGE_MAX && embedsLength(embeds) <= EMBEDS_TOTAL_MAX) {
        return { content: header.slice(0, MESSAGE_CONTENT_MAX), embeds, allowed_mentions: { parse: [] } };
      }
    }
    if (items.length === 0) throw new Error(`format-digest: digest #${plan.subscriptionId} does not fit even empty`);
    items = items.slice(0, -1);
  }
}
