import type { SearchIndex } from '../search-index.js';
import { foldName, venueKey, type VenueKey } from './name-match.js';

/** A distinct author or venue of the corpus, as first written, with how many live papers carry it. */
export interface FacetValue {
  /** As a paper writes it (`Kaiming He`, `nips`). */
  text: string;
  /** Folded, for prefix search and sorting. */
  key: string;
  papers: number;
}

/**
 * What filters read of every live paper, by ordinal: its year, its venue, its authors' folded words; and the
 * distinct authors and venues with their counts (autocomplete, "did you mean"). Built on first use for an
 * index version, and again after the index changes.
 */
export interface PaperFacets {
  version: number;
  /** Per-paper arrays are this long: every ordinal handed out, live or not. */
  size: number;
  live: Uint8Array;
  /** 0 for a paper without a year. */
  years: Int16Array;
  /** Index into {@link venues}, -1 for a paper without a venue. */
  venueOf: Int32Array;
  venues: Array<FacetValue & { venue: VenueKey }>;
  /** Folded author word (`he`, `kaiming`) → ordinals of the papers with an author holding it, ascending. */
  authorWords: Map<string, number[]>;
  /** Per ordinal, its authors' names as folded words. */
  authorNames: Array<string[][] | undefined>;
  /** Distinct authors by folded name, most papers first. */
  authors: FacetValue[];
}

// Facets belong to the index they describe; a WeakMap lets them go with it, and the version check
// rebuilds them after a change.
const FACETS = new WeakMap<SearchIndex, PaperFacets>();

/**
 * The facets of `index` as it is now ({@link PaperFacets}).
 * @example paperFacets(index).years[index.ordinalOf('pred')!] // 2023
 */
export function paperFacets(index: SearchIndex): PaperFacets {
  const cached = FACETS.get(index);
  if (cached && cached.version === index.version) return cached;
  const facets = buildFacets(index);
  FACETS.set(index, facets);
  return facets;
}

function buildFacets(index: SearchIndex): PaperFacets {
  const ordinals = index.paperIds.map((id) => index.ordinalOf(id)!);
  const size = ordinals.reduce((max, o) => Math.max(max, o + 1), 0);
  const live = new Uint8Array(size);
  const years = new Int16Array(size);
  const venueOf = new Int32Array(size).fill(-1);
  const venueIds = new Map<string, number>();
  const venues: PaperFacets['venues'] = [];
  const authorWords = new Map<string, number[]>();
  const authorNames: Array<string[][] | undefined> = new Array(size);
  // Authors repeat across papers: each distinct spelling is folded once and its words shared.
  const spellings = new Map<string, { words: string[]; facet: FacetValue } | null>();
  const authorCounts = new Map<string, FacetValue>();
  for (const ordinal of ordinals) {
    const paper = index.paper(ordinal);
    live[ordinal] = 1;
    years[ordinal] = paper.year ?? 0;
    const venue = paper.venue?.trim();
    if (venue) {
      let id = venueIds.get(venue);
      if (id === undefined) {
        const key = foldName(venue);
        id = venues.findIndex((v) => v.key === key);
        if (id === -1) id = venues.push({ text: venue, key, papers: 0, venue: venueKey(venue) }) - 1;
        venueIds.set(venue, id);
      }
      venues[id]!.papers++;
      venueOf[ordinal] = id;
    }
    let names: string[][] | undefined;
    for (const author of paper.authors) {
      let spelling = spellings.get(author);
      if (spelling === undefined) {
        const key = foldName(author);
        if (key === '') spelling = null;
        else {
          let facet = authorCounts.get(key);
          if (!facet) authorCounts.set(key, (facet = { text: author.trim(), key, papers: 0 }));
          spelling = { words: key.split(' '), facet };
        }
        spellings.set(author, spelling);
      }
      if (spelling === null) continue;
      spelling.facet.papers++;
      (names ??= []).push(spelling.words);
      for (const word of spelling.words) {
        const list = authorWords.get(word);
        if (!list) authorWords.set(word, [ordinal]);
        else if (list[list.length - 1] !== ordinal) list.push(ordinal);
      }
    }
    if (names) authorNames[ordinal] = names;
  }
  const authors = [...authorCounts.values()].sort((a, b) => b.papers - a.papers || compare(a.key, b.key));
  return { version: index.version, size, live, years, venueOf, venues, authorWords, authorNames, authors };
}

export function compare(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}
