// A paper card for `/paper`: title (linked), authors, venue and year, tags, the opening of the text,
// its links, and a few related papers from the corpus.
import type { AppliedFilters } from '../../core/answer/applied-filters.js';
import type { APIEmbed } from 'discord.js';
import type { Suggestion } from '../../core/answer/lookup.js';
import type { Paper } from '../../core/paper/paper.js';
import type { PaperSummary } from '../../core/paper/paper-summary.js';
import type { AnswerPage } from './format-answer.js';
import { byline, linksLine, PAPERBOY_COLOR, primaryUrl } from './format-paper-parts.js';
import { escapeText, escapeTitle, fitPassage, fitPieces, maskedLink, plainText, truncateWords } from './format-text.js';
import { EMBED_FIELD_VALUE_MAX, EMBED_TITLE_MAX } from '../limits.js';

const OPENING_MAX = 900;
const TAGS_SHOWN = 5;

function tagsLine(paper: Paper): string {
  const shown = paper.tags
    .slice(0, TAGS_SHOWN)
    .map((t) => escapeText(`${t.path.join(' › ')}${t.weight !== null ? ` (${t.weight})` : ''}`));
  const more = paper.tags.length - shown.length + paper.moreTags;
  return fitPieces([...shown, ...(more > 0 ? [`+${more} more`] : [])], EMBED_FIELD_VALUE_MAX, '\n');
}

function paperList(papers: readonly PaperSummary[]): string {
  const lines = papers.map((p) => {
    const url = primaryUrl(p);
    return `• ${url ? maskedLink(p.title, url, 90) : escapeTitle(p.title, 90)}`;
  });
  return fitPieces(lines, EMBED_FIELD_VALUE_MAX, '\n');
}

/**
 * The card for one paper; `related` are other papers close to it, `others` other matches of the query.
 * @example formatPaperCard(paper, related, [])
 */
export function formatPaperCard(
  paper: Paper,
  related: readonly PaperSummary[],
  others: readonly PaperSummary[],
): AnswerPage {
  const url = primaryUrl(paper);
  const author = byline(paper);
  const fields: NonNullable<APIEmbed['fields']> = [];
  if (paper.venue) fields.push({ name: 'Venue', value: escapeText(truncateWords(paper.venue, 200)), inline: true });
  if (paper.year !== null) fields.push({ name: 'Year', value: String(paper.year), inline: true });
  if (paper.topic) fields.push({ name: 'Topic', value: escapeText(truncateWords(paper.topic, 200)), inline: true });
  if (paper.tags.length > 0 || paper.moreTags > 0) fields.push({ name: 'Tags', value: tagsLine(paper) });
  fields.push({ name: 'Links', value: linksLine(paper.links, EMBED_FIELD_VALUE_MAX) || '—' });
  if (related.length > 0) fields.push({ name: 'Related papers', value: paperList(related) });
  if (others.length > 0) fields.push({ name: 'Also matching', value: paperList(others) });
  const opening = paper.text.trim().length > 0 ? fitPassage(paper.text.slice(0, OPENING_MAX * 3), OPENING_MAX) : '';
  return {
    content: '',
    embeds: [
      {
        color: PAPERBOY_COLOR,
        title: escapeTitle(paper.title, EMBED_TITLE_MAX),
        ...(url ? { url } : {}),
        ...(author ? { author: { name: author } } : {}),
        description: opening || '*No text in the corpus for this paper.*',
        fields,
        footer: { text: plainText(truncateWords(`${paper.id} · ${paper.source.file}:${paper.source.line}`, 300)) },
      },
    ],
  };
}

/** `/paper` found nothing: say so and offer close titles. */
export function formatPaperNotFound(
  query: string,
  suggestions: readonly Suggestion[],
  filters?: AppliedFilters,
): AnswerPage {
  const titles = suggestions.map((s) => `• ${escapeText(s.text)}`);
  const lines = [`No paper matches “${escapeText(truncateWords(query, 200))}”.`];
  for (const problem of filters?.problems ?? []) lines.push(`• ${escapeText(problem)}`);
  if (filters?.emptiedBy) lines.push(escapeText(filters.emptiedBy));
  if (titles.length > 0) lines.push(`Closest titles:\n${titles.join('\n')}`);
  else lines.push('Start typing a title and pick one of the suggestions.');
  return {
    content: '',
    embeds: [{ color: PAPERBOY_COLOR, title: 'Paper not found', description: lines.join('\n\n') }],
  };
}
