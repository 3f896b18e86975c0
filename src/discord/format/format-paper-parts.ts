// Small pieces every paper-shaped message shares: the byline, the links line, the primary URL.
import type { PaperLink } from '../../core/paper/paper.js';
import { venueAndYear, type PaperSummary } from '../../core/paper/paper-summary.js';
import { maskedLink, plainText, truncateWords } from './format-text.js';

/** The colour of Paperboy's embeds. */
export const PAPERBOY_COLOR = 0x2f80ed;

const AUTHORS_SHOWN = 4;

/** Where a paper's title links: its first real link (publisher page, arXiv, PDF…), else the title search. */
export function primaryUrl(paper: Pick<PaperSummary, 'links'>): string | undefined {
  return (paper.links.find((l) => l.kind !== 'search') ?? paper.links[0])?.url;
}

/**
 * `Wang, Fan, Wang et al. · NeurIPS 2023` — plain text for an embed's author line (not markdown).
 * Empty when nothing is known.
 */
export function byline(paper: Pick<PaperSummary, 'authors' | 'venue' | 'year'>, max = 256): string {
  const surnames = paper.authors.slice(0, AUTHORS_SHOWN).map((a) => (a.includes(',') ? a.split(',')[0]! : a));
  const authors = paper.authors.length > AUTHORS_SHOWN ? `${surnames.join(', ')} et al.` : surnames.join(', ');
  return plainText(truncateWords([authors, venueAndYear(paper)].filter(Boolean).join(' · '), max));
}

/** Masked links joined by ` · `, as many whole links as fit in `max`. */
export function linksLine(links: readonly PaperLink[], max: number): string {
  let out = '';
  for (const link of links) {
    const piece = maskedLink(link.label, link.url, 60);
    const next = out ? `${out} · ${piece}` : piece;
    if (next.length > max) break;
    out = next;
  }
  return out;
}
