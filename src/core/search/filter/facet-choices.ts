import type { SearchIndex } from '../search-index.js';
import { foldName } from './name-match.js';
import { authorsByPapers, paperFacets, type FacetValue } from './paper-facets.js';

/** An author or venue to offer for what was typed: as papers write it, and on how many. */
export interface FacetChoice {
  text: string;
  papers: number;
}

const startsAWord = (words: readonly string[], typed: string) => words.some((w) => w.startsWith(typed));

function choose<V extends FacetValue>(values: readonly V[], typed: string, limit: number, words: (v: V) => string[]) {
  const parts = foldName(typed).split(' ').filter(Boolean);
  const found: FacetChoice[] = [];
  for (const value of values) {
    if (found.length >= limit) break;
    const own = words(value);
    if (parts.every((part) => startsAWord(own, part))) found.push({ text: value.text, papers: value.papers });
  }
  return found;
}

/**
 * Authors of the corpus for a half-typed name, most papers first: every typed word starts a word of the
 * name, in any order (`he kai` offers Kaiming He). Empty input offers the authors with the most papers.
 * @example authorChoices(index, 'hint', 5) // [{ text: 'Geoffrey E. Hinton', papers: 41 }, …]
 */
export function authorChoices(index: SearchIndex, typed: string, limit: number): FacetChoice[] {
  return choose(authorsByPapers(index), typed, limit, (v) => v.words);
}

/**
 * Venues of the corpus for a half-typed name, most papers first, known aliases included (`neur` offers `nips`).
 * @example venueChoices(index, 'neur', 5) // [{ text: 'nips', papers: 8246 }]
 */
export function venueChoices(index: SearchIndex, typed: string, limit: number): FacetChoice[] {
  const venues = paperFacets(index)
    .venues.filter((v) => v.papers > 0)
    .sort((a, b) => b.papers - a.papers || (a.key < b.key ? -1 : 1));
  return choose(venues, typed, limit, (v) => [...v.key.split(' '), ...v.venue.words]);
}
