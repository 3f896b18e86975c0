import { highlight, type HighlightedText } from './highlight.js';
import { summarizePaper, truncateText, type PaperSummary } from '../paper/paper-summary.js';
import type { LookupField, SearchIndex } from '../search/search-index.js';
import { queryTerms } from '../search/text/tokenize.js';
import { paperFacets } from '../search/filter/paper-facets.js';
import { readFilters, type AppliedFilters } from './applied-filters.js';

/** Discord's autocomplete caps: 25 choices, 100 characters each. The terminal uses the same. */
export const SUGGEST_LIMIT = 25;
export const SUGGESTION_MAX_CHARS = 100;
export const LOOKUP_LIMIT = 5;

/** A paper offered for a half-typed title. */
export interface TitleSuggestion {
  paperId: string;
  /** The title, cut to {@link SUGGESTION_MAX_CHARS}. */
  title: string;
}

/** Something to try instead, when nothing matched. */
export interface Suggestion {
  kind: 'term' | 'title';
  /** A word to ask with, or a paper title (cut to {@link SUGGESTION_MAX_CHARS}). */
  text: string;
  /** For a title: the paper it names. */
  paperId?: string;
}

export interface LookupHit {
  paper: PaperSummary;
  /** The title with the query's words marked. */
  title: HighlightedText;
  score: number;
  /** Where the query's words were found: `id` for an exact id, arXiv id or DOI match. */
  fields: Array<LookupField | 'id'>;
}

/** `filters` only when the query had some (`droppos venue:neurips`, `author:hinton`). */
export type LookupResult =
  | { kind: 'found'; query: string; papers: LookupHit[]; filters?: AppliedFilters }
  | { kind: 'no-match'; query: string; suggestions: Suggestion[]; filters?: AppliedFilters };

/** Candidates looked at per paper asked for when filters then drop some. */
const FILTERED_POOL = 40;

export interface LookupOptions {
  limit?: number;
}

/**
 * Finds papers by id, arXiv id or DOI, title words, method name, author or venue, forgiving typos and a last
 * word still being typed. An exact id, arXiv id (any version, `arXiv:` or URL form) or DOI (any case, with or
 * without `https://doi.org/`) is the answer alone; otherwise papers matching every word come first, and when
 * none does, papers matching some.
 * @example lookup(index, 'dropos wang') // { kind: 'found', papers: [{ paper: { title: 'DropPos: …' }, … }] }
 * @example lookup(index, 'arXiv:2309.03576v2') // { kind: 'found', papers: [{ paper: { title: 'DropPos: …' }, fields: ['id'] }] }
 */
export function lookup(index: SearchIndex, query: string, options: LookupOptions = {}): LookupResult {
  const filtering = readFilters(index, query);
  if (filtering.kind === 'none') return lookupText(index, query, options);
  if (filtering.kind === 'refused')
    return { kind: 'no-match', query: query.trim(), suggestions: [], filters: filtering.filters };
  const { filters, allowed } = filtering;
  const result = lookupText(index, filtering.text, options, allowed);
  return { ...result, query: query.trim(), filters };
}

/** Looks up `query` (no filters in it), among the `allowed` papers only when given; filters alone list the newest. */
function lookupText(index: SearchIndex, query: string, options: LookupOptions, allowed?: Uint8Array): LookupResult {
  const limit = options.limit ?? LOOKUP_LIMIT;
  const text = query.trim();
  const passes = (ordinal: number) => !allowed || allowed[ordinal] === 1;
  if (allowed && text === '') return { kind: 'found', query: text, papers: newest(index, allowed, limit) };
  const terms = new Set(queryTerms(text));
  const exact = index.ordinalOf(text);
  const named = (exact === undefined ? index.papersByIdentifier(text) : [exact]).filter(passes);
  if (named.length > 0) {
    const papers = named.slice(0, limit).map((ordinal) => {
      const paper = index.paper(ordinal);
      return { paper: summarizePaper(paper), title: highlight(paper.title, terms), score: 1, fields: ['id' as const] };
    });
    return { kind: 'found', query: text, papers };
  }
  const hits: LookupHit[] = [];
  const matches = text.length > 0 ? index.lookupPapers(text, allowed ? limit * FILTERED_POOL : limit) : [];
  for (const match of matches.filter((m) => passes(m.ordinal)).slice(0, limit)) {
    const paper = index.paper(match.ordinal);
    hits.push({
      paper: summarizePaper(paper),
      title: highlight(paper.title, terms),
      score: match.score,
      fields: match.fields,
    });
  }
  if (hits.length > 0) return { kind: 'found', query: text, papers: hits };
  return { kind: 'no-match', query: text, suggestions: titleSuggestions(index, text, 3) };
}

/**
 * At most `limit` (≤ 25) titles for a half-typed title, each at most 100 characters: titles that start
 * with the text first, then titles with a later word that does; alphabetical within each group.
 * @example suggest(index, 'dropp') // [{ paperId: '…', title: 'DropPos: Pre-Training Vision Transformers by …' }]
 */
export function suggest(index: SearchIndex, prefix: string, limit: number = SUGGEST_LIMIT): TitleSuggestion[] {
  return index.suggestTitles(prefix, Math.min(limit, SUGGEST_LIMIT)).map((ordinal) => {
    return {
      paperId: index.idAt(ordinal),
      title: truncateText(index.titleAt(ordinal), SUGGESTION_MAX_CHARS),
    };
  });
}

/** Titles close to `text`: by title prefix, else by a typo-tolerant lookup of its words. */
export function titleSuggestions(index: SearchIndex, text: string, limit: number): Suggestion[] {
  const ordinals = index.suggestTitles(text, limit);
  if (ordinals.length < limit && text.trim().length > 0) {
    for (const { ordinal } of index.lookupPapers(text, limit, ['title'])) {
      if (ordinals.length < limit && !ordinals.includes(ordinal)) ordinals.push(ordinal);
    }
  }
  if (ordinals.length < limit) {
    // Papers whose text mentions the words, for a name that is no title's (a method, a dataset).
    for (const ranked of index.rank(index.readQuestion(text), { limit, chunksPerPaper: 0 }).papers) {
      const ordinal = index.ordinalOf(ranked.paper.id)!;
      if (ordinals.length < limit && !ordinals.includes(ordinal)) ordinals.push(ordinal);
    }
  }
  return ordinals.map((ordinal) => {
    const title = truncateText(index.titleAt(ordinal), SUGGESTION_MAX_CHARS);
    return { kind: 'title', text: title, paperId: index.idAt(ordinal) };
  });
}

/** The `limit` newest papers of a selection (by year, then corpus order). */
function newest(index: SearchIndex, allowed: Uint8Array, limit: number): LookupHit[] {
  const { years } = paperFacets(index);
  const ordinals: number[] = [];
  for (let p = 0; p < allowed.length; p++) if (allowed[p] === 1) ordinals.push(p);
  ordinals.sort((a, b) => years[b]! - years[a]! || a - b);
  return ordinals.slice(0, limit).map((ordinal) => {
    const paper = index.paper(ordinal);
    return { paper: summarizePaper(paper), title: highlight(paper.title, new Set()), score: 0, fields: [] };
  });
}
