import type { SearchIndex } from '../search/search-index.js';
import {
  describeFilters,
  filterText,
  isUnfiltered,
  parseFilters,
  type FilteredText,
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
  const parsed = readQuestionFilters(index, question);
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

/** Words a question needs to be read as a quote of a title rather than words that happen to follow one another there. */
const MIN_QUOTED_WORDS = 4;
const TITLES_CHECKED = 5;
const LEADING_EXCLUSION = /^\s*-(\p{L}[\p{L}\p{M}\p{N}]*)(?=\s|$)/u;

/**
 * The filters of a question ({@link parseFilters}), but for one reading: a question copied from a title
 * starting at a hyphen (`-equivariant point cloud-based place`, from `SE(3)-Equivariant Point Cloud-Based
 * Place Recognition`) quotes that title, and its first word is the title's, not an exclusion of the very
 * paper it quotes. Only when the question starts so, runs on through a title word for word for at least
 * four words, and that title has the word joined by a hyphen to what comes before it.
 * @example readQuestionFilters(index, '-equivariant point cloud-based place').filters.excluded // []
 */
export function readQuestionFilters(index: SearchIndex, question: string): FilteredText {
  const parsed = parseFilters(question);
  const word = LEADING_EXCLUSION.exec(question)?.[1];
  if (word === undefined || parsed.problems.length > 0 || !parsed.filters.excluded.includes(word)) return parsed;
  const text = `${word} ${parsed.text}`.trim();
  if (splitWords(text).length < MIN_QUOTED_WORDS) return parsed;
  const hyphenated = `-${word.toLowerCase()}`;
  const quoted = index
    .suggestTitles(text, TITLES_CHECKED)
    .some((ordinal) => joinedByHyphen(index.titleAt(ordinal).toLowerCase(), hyphenated));
  if (!quoted) return parsed;
  return {
    ...parsed,
    text,
    filters: { ...parsed.filters, excluded: parsed.filters.excluded.filter((w) => w !== word) },
  };
}

/** Whether `title` holds `hyphenated` (`-equivariant`) right after a character that is not a space. */
function joinedByHyphen(title: string, hyphenated: string): boolean {
  for (let at = title.indexOf(hyphenated); at >= 0; at = title.indexOf(hyphenated, at + 1)) {
    if (at > 0 && !/\s/.test(title[at - 1]!)) return true;
  }
  return false;
}
