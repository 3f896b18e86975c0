import type { SearchIndex } from '../search/search-index.js';
import { describeFilters, filterText, isUnfiltered, parseFilters } from '../search/filter/filter-grammar.js';
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
