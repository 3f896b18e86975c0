import type { SearchIndex } from '../search/search-index.js';
import {
  describeFilters,
  filterText,
  isUnfiltered,
  parseFilters,
  type Filters,
} from '../search/filter/filter-grammar.js';
import { splitWords } from '../search/text/tokenize.js';
import { selectPapers } from '../search/filter/filter-selection.js';

/** The filters a question carried (`author:he since:2022 -video`), as an answer reports them. */
export interface AppliedFilters {
  /** In the grammar, as parsed. */
  text: string;
  /** In words: `by he · since 2022 · without “video”`. */
  description: string;
  /** Papers that pass them. */
  papers: number;
  /** When nothing was found: the filter (or the question) that left no paper. */
  emptiedBy?: string;
  /** When a filter is malformed: each one, quoted, and what was expected. */
  problems?: string[];
}

/** How a question's filters read against an index. */
export type FilterReading =
  /** No filter at all: the question is answered as it always was. */
  | { kind: 'none' }
  /** A filter is malformed (`bad-filter`) or the filters leave no paper (`filtered`). */
  | { kind: 'refused'; reason: 'bad-filter' | 'filtered'; filters: AppliedFilters }
  /** `text` is the question without its filters; only the `allowed` papers (by ordinal) may answer. */
  | { kind: 'filtered'; text: string; filters: AppliedFilters; allowed: Uint8Array };

/**
 * Reads the filters in a question or a lookup ({@link parseFilters}) and selects the papers that pass them.
 * @example readFilters(index, 'masks since:2030') // { kind: 'refused', reason: 'filtered', filters: { emptiedBy: 'no paper since 2030 (…)', … } }
 */
export function readFilters(index: SearchIndex, question: string): FilterReading {
  const parsed = parseFilters(question);
  if (parsed.problems.length === 0 && isUnfiltered(parsed.filters)) return { kind: 'none' };
  if (parsed.problems.length === 0 && quotesTitle(index, question, parsed.filters)) return { kind: 'none' };
  const filters: AppliedFilters = {
    text: filterText(parsed.filters),
    description: describeFilters(parsed.filters),
    papers: 0,
  };
  if (parsed.problems.length > 0) {
    return { kind: 'refused', reason: 'bad-filter', filters: { ...filters, problems: parsed.problems } };
  }
  const selection = selectPapers(index, parsed.filters);
  filters.papers = selection.count;
  if (selection.count === 0) {
    const emptiedBy = selection.emptiedBy ?? 'no paper passes';
    return { kind: 'refused', reason: 'filtered', filters: { ...filters, emptiedBy } };
  }
  return { kind: 'filtered', text: parsed.text, filters, allowed: selection.allowed };
}

/** Words a question needs to be read as a quote of a title rather than words that happen to follow one another there. */
const MIN_QUOTED_WORDS = 4;
const TITLES_CHECKED = 5;

/**
 * Whether `question` is a stretch of a title copied from inside a hyphenated word, so that what reads as
 * an exclusion is the title's own text: `-equivariant point cloud-based place` from `SE(3)-Equivariant
 * Point Cloud-Based Place Recognition`. Excluding the word would exclude the very paper it quotes. Only
 * when exclusions are the sole filters, the question runs on through the title word for word, and each
 * excluded word is joined there by a hyphen to what comes before it.
 */
function quotesTitle(index: SearchIndex, question: string, filters: Filters): boolean {
  const { authors, venues, years, excluded } = filters;
  if (authors.length > 0 || venues.length > 0 || years !== null || excluded.length === 0) return false;
  if (splitWords(question).length < MIN_QUOTED_WORDS) return false;
  return index.suggestTitles(question, TITLES_CHECKED).some((ordinal) => {
    const title = index.titleAt(ordinal).toLowerCase();
    return excluded.every((word) => joinedByHyphen(title, `-${word.toLowerCase()}`));
  });
}

/** Whether `title` holds `hyphenated` (`-equivariant`) right after a character that is not a space. */
function joinedByHyphen(title: string, hyphenated: string): boolean {
  for (let at = title.indexOf(hyphenated); at >= 0; at = title.indexOf(hyphenated, at + 1)) {
    if (at > 0 && !/\s/.test(title[at - 1]!)) return true;
  }
  return false;
}
