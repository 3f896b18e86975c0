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
