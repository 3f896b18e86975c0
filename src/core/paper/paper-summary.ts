import type { Paper } from './paper.js';

/** A paper as answers carry it: everything but its full text, which can run to megabytes for a PDF. */
export type PaperSummary = Omit<Paper, 'text' | 'pageStarts'>;

/** @example summarizePaper(paper).title */
export function summarizePaper(paper: Paper): PaperSummary {
  const { text: _text, pageStarts: _pageStarts, ...summary } = paper;
  return summary;
}

/**
 * Cuts `text` to at most `max` characters at a word boundary, ending with `…` when cut.
 * @example truncateText('Attention Is All You Need', 12) // 'Attention…'
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = text.slice(0, max - 1);
  const space = room.lastIndexOf(' ');
  return `${(space > max / 2 ? room.slice(0, space) : room).trimEnd()}…`;
}

/**
 * A paper's venue and year for a byline, the year only when the venue does not already hold it.
 * @example venueAndYear({ venue: 'NeurIPS 2023', year: 2023 }) // 'NeurIPS 2023'
 * @example venueAndYear({ venue: 'ICML', year: 2021 }) // 'ICML 2021'
 */
export function venueAndYear(paper: Pick<Paper, 'venue' | 'year'>): string {
  const venue = paper.venue?.trim() ?? '';
  const year = paper.year === null ? '' : String(paper.year);
  if (venue === '' || year === '') return venue || year;
  return new RegExp(`(?<!\\d)${year}(?!\\d)`).test(venue) ? venue : `${venue} ${year}`;
}
