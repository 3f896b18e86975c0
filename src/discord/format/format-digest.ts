// A digest plan as a Discord channel message, built like an /ask answer: one embed per paper (title
// linked, byline as author, summary, links), escaped and neutralised by format-text.ts, fitted by the
// same guard (format-message.ts). Timestamps are Discord's own, so each reader sees their timezone.
import type { APIEmbed, RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import type { DigestItem, DigestPlan } from '../../core/digest/digest.js';
import { digestHeading, digestNotes, type LateSlot } from '../../core/digest/digest-notes.js';
import type { Subscription } from '../../core/digest/subscription.js';
import { message, type MessageBody } from './format-message.js';
import { byline, linksLine, PAPERBOY_COLOR, primaryUrl } from './format-paper-parts.js';
import { voteRows } from '../votes/vote-row.js';
import { CUT_MARKER, escapeText, escapeTitle, fitPassage, plainText, truncateWords } from './format-text.js';
import {
  EMBED_AUTHOR_NAME_MAX,
  EMBED_DESCRIPTION_MAX,
  EMBED_FIELD_VALUE_MAX,
  EMBED_TITLE_MAX,
  EMBEDS_TOTAL_MAX,
} from '../limits.js';

/** A digest as a REST message body; the job adds the nonce. Corpus text can never ping: no mention is parsed. */
export type DigestMessage = RESTPostAPIChannelMessageJSONBody & {
  content: string;
  embeds: APIEmbed[];
  allowed_mentions: { parse: [] };
};

export interface DigestMessageContext {
  /** Set when the digest is posted after its slot. */
  late?: LateSlot | undefined;
  /** `YYYY-MM-DD` in the subscription's timezone (a preview's: the one it would post in, else UTC), shown in the footer. */
  localDate: string;
  /** What the message is: `Daily digest` unless a preview or an on-request post says otherwise. */
  label?: string | undefined;
  /** What the footer calls it: `digest` unless a personal alert's DM says `alert`. */
  noun?: 'digest' | 'alert' | undefined;
}

/** Room kept free under the 6000 total for rounding and the guard's markers. */
const SLACK = 64;
const TOPIC_SHOWN_MAX = 300;
// Private-use characters mark where an instant goes; escaping leaves them alone.
const PLACEHOLDER = /\uE000(\d+)\uE001/g;

/** `<t:unix:R>` ("3 hours ago"); Discord shows the full date on hover, in the reader's own timezone. */
function discordTime(iso: string): string {
  return `<t:${Math.floor(Date.parse(iso) / 1000)}:R>`;
}

/**
 * The notes, escaped, with Discord timestamps put back after escaping (escaping would neutralise
 * `<t:…>`): the core formats each instant as a numbered placeholder.
 */
function renderNotes(plan: DigestPlan, late: LateSlot | undefined, noun: 'digest' | 'alert' | undefined): string[] {
  const instants: string[] = [];
  const notes = digestNotes(plan, { late, noun, formatInstant: (iso) => `\uE000${instants.push(iso) - 1}\uE001` });
  return notes.map((note) =>
    escapeText(note).replace(PLACEHOLDER, (_m, i: string) => {
      const iso = instants[Number(i)];
      return iso === undefined ? '' : discordTime(iso);
    }),
  );
}

/** Each paper gets an equal share of the 6000 characters, split between its parts. */
function paperEmbed(item: DigestItem, position: number | string, share: number): APIEmbed {
  const url = primaryUrl(item);
  const author = byline(item, Math.min(EMBED_AUTHOR_NAME_MAX, Math.floor(share * 0.15)));
  const links = linksLine(item.links, Math.min(EMBED_FIELD_VALUE_MAX, Math.floor(share * 0.3)));
  const title = escapeTitle(`${position} · ${item.title}`, Math.min(EMBED_TITLE_MAX, Math.floor(share * 0.25)));
  const room = share - title.length - author.length - links.length - 'Links'.length;
  const summary =
    item.summary === '' ? '' : fitPassage(item.summary, Math.max(0, Math.min(EMBED_DESCRIPTION_MAX, room)));
  return {
    color: PAPERBOY_COLOR,
    title,
    ...(url ? { url } : {}),
    ...(author ? { author: { name: author } } : {}),
    ...(summary ? { description: summary } : {}),
    ...(links ? { fields: [{ name: 'Links', value: links }] } : {}),
  };
}

/**
 * Renders a digest plan as one Discord message: the header, section and notes (late, nothing new, why
 * empty) as the message text, then one embed per paper; the subscription and date in the last footer.
 * @example renderDigestMessage(plan, { localDate: '2025-03-01' }).content // '📰 **Daily digest** · …'
 */
export function renderDigestMessage(plan: DigestPlan, context: DigestMessageContext): DigestMessage {
  const topic = plan.topic === '' ? 'every paper' : `topic “${truncateWords(plan.topic, TOPIC_SHOWN_MAX)}”`;
  const lines = [
    `📰 **${escapeText(context.label ?? 'Daily digest')}** · ${escapeText(topic)} — **${digestHeading(plan)}**`,
    ...renderNotes(plan, context.late, context.noun).map((note) => `-# ${note}`),
  ];
  const whose = plan.subscriptionId === null ? 'preview' : `${context.noun ?? 'digest'} #${plan.subscriptionId}`;
  const ties = plan.votesBreakTies ? ' · equal matches ordered by votes' : '';
  const footer = plainText(`Paperboy · ${whose} · ${context.localDate}${ties}`);
  const embeds = renderPaperCards(plan.items, footer);
  if (embeds.length === 0) lines.push(`-# ${footer}`);
  const fitted = message({ content: lines.join('\n'), embeds, components: voteRows(plan.items.map((i) => i.id)) });
  return {
    content: fitted.content,
    embeds: fitted.embeds,
    ...(fitted.components.length > 0 ? { components: fitted.components } : {}),
    allowed_mentions: { parse: [] },
  };
}

/**
 * One digest card per paper, sharing the 6000 characters equally, `footer` on the last; `label` says what
 * heads each title (its position by default).
 */
export function renderPaperCards(
  items: readonly DigestItem[],
  footer: string,
  label: (position: number) => string = String,
): APIEmbed[] {
  const share = Math.floor((EMBEDS_TOTAL_MAX - SLACK - footer.length) / Math.max(1, items.length));
  const embeds = items.map((item, i) => paperEmbed(item, label(i + 1), share));
  const last = embeds.at(-1);
  if (last) last.footer = { text: footer };
  return embeds;
}

function describeSchedule(sub: Pick<Subscription, 'channelId' | 'time' | 'timezone' | 'topic' | 'max'>): string {
  const topic = sub.topic === '' ? 'every paper' : `topic “${escapeText(truncateWords(sub.topic, 120))}”`;
  return `<#${sub.channelId}> · ${sub.time} ${escapeText(sub.timezone)} · ${topic} · up to ${sub.max}`;
}

const STATUS_MARK: Record<Subscription['status'], string> = { active: '✅', paused: '⏸️', disabled: '⛔' };

/**
 * `/digest list`: every subscription of the guild with its schedule, status (paused and disabled ones with
 * their reason) and its last post.
 * @example formatSubscriptionList([], new Map()).content // 'No daily digests in this server yet. …'
 */
export function formatSubscriptionList(
  subscriptions: readonly Subscription[],
  lastPosted: ReadonlyMap<number, string>,
): MessageBody {
  if (subscriptions.length === 0) {
    return message({ content: 'No daily digests in this server yet. Start one with `/digest subscribe`.' });
  }
  const lines = subscriptions.map((sub) => {
    const last = lastPosted.get(sub.id);
    const status =
      sub.status === 'active'
        ? `${STATUS_MARK.active} active${last ? ` · last posted ${discordTime(last)}` : ' · not posted yet'}`
        : `${STATUS_MARK[sub.status]} **${sub.status}**: ${escapeText(sub.statusReason ?? 'no reason recorded')}`;
    return `**#${sub.id}** ${describeSchedule(sub)}\n${status}`;
  });
  return message({
    embeds: [
      {
        color: PAPERBOY_COLOR,
        title: `Daily digests (${subscriptions.length})`,
        description: fitList(lines),
      },
    ],
  });
}

/** Whole entries, as many as fit, then a count of the rest. */
function fitList(entries: readonly string[]): string {
  let out = '';
  for (const [i, entry] of entries.entries()) {
    const next = out === '' ? entry : `${out}\n\n${entry}`;
    const rest = entries.length - i - 1;
    if (next.length > EMBED_DESCRIPTION_MAX - (rest > 0 ? 40 : 0)) {
      return `${out}\n\n${CUT_MARKER} and ${entries.length - i} more`;
    }
    out = next;
  }
  return out;
}

/** The schedule of one subscription in a sentence, for confirmations. */
export function formatSubscriptionSummary(
  sub: Pick<Subscription, 'id' | 'channelId' | 'time' | 'timezone' | 'topic' | 'max'>,
): string {
  return `digest #${sub.id}: ${describeSchedule(sub)}`;
}
