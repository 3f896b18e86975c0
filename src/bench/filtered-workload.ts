// Filtered questions and follow-ups made from the bench workload itself: each question's top paper (as
// the latency run returned it) lends its first author, venue and year as filters, so every filtered
// question has at least that paper to find; each question is also followed up as a user would.
import type { Paper } from '../core/paper/paper.js';

/** Which filter a filtered question carries. */
export const FILTER_KINDS = ['author', 'venue-year', 'since', 'combined'] as const;
export type FilterKind = (typeof FILTER_KINDS)[number];

export interface FilteredQuestion {
  /** The workload query it was made from. */
  id: string;
  kind: FilterKind;
  /** The question with its filter, as a user would type it. */
  text: string;
  /** The paper the unfiltered question put first; it passes the filter, so it should stay first. */
  top: string;
}

const quoted = (value: string) => `"${value.replace(/"/g, '')}"`;

/**
 * Up to four filtered versions of each question, from its top paper: `author:"First Author"`,
 * `venue:"NeurIPS 2019"` (venue and year), `since:YEAR`, and all three kinds at once
 * (`author:"…" venue:… since:YEAR-1`), as in the issue's example. A paper without an author, venue or
 * year lends none of that kind.
 * @example filteredQuestions([{ id: 'q1', text: 'masked autoencoders', top: paper }])[0].text // 'masked autoencoders author:"Kaiming He"'
 */
export function filteredQuestions(
  asked: ReadonlyArray<{ id: string; text: string; top: Pick<Paper, 'id' | 'authors' | 'venue' | 'year'> }>,
): FilteredQuestion[] {
  const questions: FilteredQuestion[] = [];
  for (const { id, text, top } of asked) {
    const author = top.authors[0]?.trim();
    const venue = top.venue?.trim();
    const { year } = top;
    const add = (kind: FilterKind, filter: string) =>
      questions.push({ id, kind, text: `${text} ${filter}`, top: top.id });
    if (author) add('author', `author:${quoted(author)}`);
    if (venue && year !== null) add('venue-year', `venue:${quoted(`${venue} ${year}`)}`);
    if (year !== null) add('since', `since:${year}`);
    if (author && venue && year !== null)
      add('combined', `author:${quoted(author)} venue:${quoted(venue)} since:${year - 1}`);
  }
  return questions;
}

/** Follow-ups asked after a question, in turn: each refers back to the papers the question found. */
export const FOLLOW_UPS = [
  'what dataset does it use?',
  'how is it evaluated?',
  'does it use positional embeddings?',
  'what are its limitations?',
  'compare them',
] as const;

/** The follow-up asked after the `i`-th question. */
export function followUpFor(i: number): string {
  return FOLLOW_UPS[i % FOLLOW_UPS.length]!;
}
