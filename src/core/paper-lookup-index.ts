import { CompactMiniSearch, type IndexData } from './compact-minisearch.js';
import type { Paper } from './paper.js';
import { splitWords, termsOf } from './tokenize.js';

/** What the lookup index stores of a paper: its ordinal and the fields a user names a paper by. */
export interface PaperLookupDocument {
  id: number;
  title: string;
  authors: string;
  venue: string;
}

export const LOOKUP_FIELDS = ['title', 'authors', 'venue'] as const;
export type LookupField = (typeof LOOKUP_FIELDS)[number];

/** MiniSearch options for the lookup index; a snapshot must be loaded with the same ones. */
export const LOOKUP_INDEX_OPTIONS = {
  fields: [...LOOKUP_FIELDS],
  tokenize: splitWords,
  processTerm: (word: string) => termsOf(word) as string[],
  autoVacuum: false,
  searchOptions: {
    boost: { title: 2, authors: 1.5, venue: 1 },
    // A lookup is short and often half-remembered: allow typos and a word still being typed.
    fuzzy: (term: string) => (term.length >= 8 ? 2 : term.length >= 4 ? 1 : false),
    prefix: (_term: string, i: number, terms: string[]) => i === terms.length - 1,
    weights: { fuzzy: 0.6, prefix: 0.5 },
  },
};

/** The lookup document of a paper: the venue with its year (`NeurIPS 2023`), authors as one string. */
export function lookupDocument(paper: Paper, ordinal: number): PaperLookupDocument {
  return {
    id: ordinal,
    title: paper.title,
    authors: paper.authors.join(', '),
    venue: [paper.venue, paper.year].filter((part) => part !== null && part !== '').join(' '),
  };
}

/**
 * A small MiniSearch index with one document per paper (title, authors, venue): the typo-tolerant
 * side of finding a paper by name. Questions go to the chunk index instead.
 */
export class PaperLookupIndex extends CompactMiniSearch<PaperLookupDocument> {
  constructor() {
    super(LOOKUP_INDEX_OPTIONS);
  }

  static build(papers: readonly Paper[]): PaperLookupIndex {
    const index = new PaperLookupIndex();
    papers.forEach((paper, ordinal) => index.add(lookupDocument(paper, ordinal)));
    return index.freeze();
  }

  /** The index a snapshot exported ({@link CompactMiniSearch.exportData}). */
  static restore(data: IndexData): PaperLookupIndex {
    return new PaperLookupIndex().importData(data);
  }
}
