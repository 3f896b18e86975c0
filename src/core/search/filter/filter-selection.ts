import type { SearchIndex } from '../search-index.js';
import { editDistance } from '../text/typo.js';
import { QUESTION_TYPOS, typoDistance } from '../text/typo-distance.js';
import { tokenize } from '../text/tokenize.js';
import { describeYears, filterText, type Filters, type YearRange } from './filter-grammar.js';
import { authorMatches, authorPattern, venueKey, venueMatches, type NamePart } from './name-match.js';
import { authorsByPapers, emptyFacets, liveMask, paperFacets, type PaperFacets } from './paper-facets.js';

/** The papers filters let through. */
export interface FilterSelection {
  /** Per paper ordinal: 1 passes every filter. */
  allowed: Uint8Array;
  /** Live papers that pass. */
  count: number;
  /** When none passes: which filter emptied the selection, in words (`no paper by 'hintn' — did you mean Geoffrey E. Hinton?`). */
  emptiedBy: string | null;
}

interface Step {
  /** The filter in words, as the answer names it. */
  label: string;
  pass: (facets: PaperFacets, index: SearchIndex) => Uint8Array;
  /** Why this filter alone finds nothing, with a close name to try when there is one. */
  none: (facets: PaperFacets, index: SearchIndex) => string;
}

// Paging through an answer asks with the same filters again: the last few selections are kept per index.
const RECENT = new WeakMap<SearchIndex, Map<string, FilterSelection & { version: number }>>();
const RECENT_MAX = 16;

/**
 * The papers of `index` that pass `filters`, as a per-ordinal mask for the ranker; when none does, the
 * filter that emptied it (alone, with a close author or venue name to try; or together with the ones before).
 * @example selectPapers(index, parseFilters('author:hintn').filters).emptiedBy // "no paper by 'hintn' — did you mean Geoffrey E. Hinton?"
 */
export function selectPapers(index: SearchIndex, filters: Filters): FilterSelection {
  const key = filterText(filters);
  const recent = RECENT.get(index) ?? new Map<string, FilterSelection & { version: number }>();
  RECENT.set(index, recent);
  const cached = recent.get(key);
  if (cached && cached.version === index.version) return cached;

  // Exclusions need only which papers are live; years, venues and authors need the facets (built once).
  const needsFacets = filters.years !== null || filters.venues.length > 0 || filters.authors.length > 0;
  const facets = needsFacets ? paperFacets(index) : liveOnly(index);
  const allowed = facets.live.slice();
  let count = countOf(allowed);
  let emptiedBy: string | null = count === 0 ? 'the corpus has no papers' : null;
  const before: string[] = [];
  for (const step of stepsOf(filters)) {
    if (emptiedBy !== null) break;
    const pass = step.pass(facets, index);
    for (let p = 0; p < allowed.length; p++) allowed[p]! &= pass[p]!;
    count = countOf(allowed);
    if (count === 0) {
      const alone = countOf(pass);
      emptiedBy =
        alone === 0
          ? step.none(facets, index)
          : `no paper ${before.join(' ')} is also ${step.label} (${alone} ${alone === 1 ? 'paper is' : 'papers are'} ${step.label})`;
    }
    before.push(step.label);
  }
  const selection = { allowed, count, emptiedBy, version: index.version };
  if (recent.size >= RECENT_MAX) recent.delete(recent.keys().next().value!);
  recent.set(key, selection);
  return selection;
}

/** Facets with only the live mask filled in: all an exclusion reads, without making any paper. */
function liveOnly(index: SearchIndex): PaperFacets {
  const live = liveMask(index.paperIds.map((id) => index.ordinalOf(id)!));
  return { ...emptyFacets(), size: live.length, live };
}

function countOf(mask: Uint8Array): number {
  let n = 0;
  for (let p = 0; p < mask.length; p++) n += mask[p]!;
  return n;
}

function stepsOf(filters: Filters): Step[] {
  const steps: Step[] = [];
  if (filters.years) steps.push(yearStep(filters.years));
  if (filters.venues.length > 0) steps.push(venueStep(filters.venues));
  for (const author of filters.authors) steps.push(authorStep(author));
  for (const excluded of filters.excluded) steps.push(excludedStep(excluded));
  return steps;
}

function yearStep(years: YearRange): Step {
  const from = years.from ?? -Infinity;
  const to = years.to ?? Infinity;
  return {
    label: describeYears(years),
    pass: (facets) => {
      const pass = new Uint8Array(facets.size);
      for (let p = 0; p < facets.size; p++) {
        const year = facets.years[p]!;
        pass[p] = facets.live[p]! & (year !== 0 && year >= from && year <= to ? 1 : 0);
      }
      return pass;
    },
    none: (facets) => {
      let first = Infinity;
      let last = -Infinity;
      for (let p = 0; p < facets.size; p++) {
        const year = facets.years[p]!;
        if (facets.live[p] === 1 && year !== 0) [first, last] = [Math.min(first, year), Math.max(last, year)];
      }
      const span = first === Infinity ? 'no paper has a year' : `the papers run from ${first} to ${last}`;
      return `no paper ${describeYears(years)} (${span})`;
    },
  };
}

function venueStep(typed: readonly string[]): Step {
  const keys = typed.map(venueKey);
  const label = `at ${typed.map((v) => `'${v}'`).join(' or ')}`;
  return {
    label,
    pass: (facets) => {
      const pass = new Uint8Array(facets.size);
      // A year typed with a venue (`iclr 2024`) is checked per paper; the venue's words once per venue.
      const byVenue = facets.venues.map((v) => keys.map((k) => venueMatches({ ...k, year: null }, v.venue, null)));
      for (let p = 0; p < facets.size; p++) {
        const v = facets.venueOf[p]!;
        if (v < 0 || facets.live[p] !== 1) continue;
        const matches = byVenue[v]!;
        const venueYear = facets.venues[v]!.venue.year;
        for (let i = 0; i < keys.length; i++) {
          const year = keys[i]!.year;
          if (matches[i] && (year === null || year === facets.years[p] || year === venueYear)) pass[p] = 1;
        }
      }
      return pass;
    },
    none: (facets) => {
      const known = facets.venues.filter((v) => keys.some((k) => venueMatches({ ...k, year: null }, v.venue, null)));
      if (known.length > 0) return `no paper ${label} (it has papers in other years)`;
      const typedWords = keys.map((k) => k.words.join(' '));
      const close = closest(
        typedWords,
        facets.venues.map((v) => ({ word: v.venue.words.join(' '), text: v.text, papers: v.papers })),
      );
      return `no paper ${label}${close ? ` — did you mean ${close}?` : ''}`;
    },
  };
}

function authorStep(typed: string): Step {
  const pattern = authorPattern(typed);
  const label = `by '${typed}'`;
  return {
    label,
    pass: (facets) => {
      const pass = new Uint8Array(facets.size);
      for (const p of authorCandidates(facets, pattern)) {
        if (facets.live[p] === 1 && facets.authorsOf[p]?.some((a) => authorMatches(pattern, a.words))) pass[p] = 1;
      }
      return pass;
    },
    none: (_facets, index) => {
      const words = pattern.filter((part) => !part.initial).map((part) => part.text);
      const candidates: Array<{ word: string; text: string; papers: number }> = [];
      for (const author of authorsByPapers(index)) {
        // The surname most of all, but any word of the name can be the one mistyped.
        for (const word of author.key.split(' ')) candidates.push({ word, text: author.text, papers: author.papers });
      }
      const close = closest(words, candidates);
      return `no paper ${label}${close ? ` — did you mean ${close}?` : ''}`;
    },
  };
}

/** Ordinals that may have an author matching `pattern`: those with its rarest whole word (every paper for initials only). */
function authorCandidates(facets: PaperFacets, pattern: readonly NamePart[]): Iterable<number> {
  let best: number[] | undefined;
  for (const part of pattern) {
    if (part.initial) continue;
    const list = facets.authorWords.get(part.text) ?? [];
    if (!best || list.length < best.length) best = list;
  }
  if (best) return best;
  return Array.from({ length: facets.size }, (_, p) => p);
}

function excludedStep(excluded: string): Step {
  const phrase = tokenize(excluded)
    .filter((t) => t.terms.length > 0)
    .map((t) => t.terms[0]!);
  return {
    label: `without “${excluded}”`,
    pass: (facets, index) => {
      const pass = facets.live.slice();
      if (phrase.length === 0) return pass;
      let holding = papersWithTerm(index, phrase[0]!);
      for (const term of phrase.slice(1)) {
        const next = new Set(papersWithTerm(index, term));
        holding = holding.filter((p) => next.has(p));
      }
      for (const p of holding) {
        if (phrase.length === 1 || containsPhrase(index, p, phrase)) pass[p] = 0;
      }
      return pass;
    },
    none: () => `no paper is without “${excluded}”`,
  };
}

/** Ordinals of the live papers with `term` in some chunk. */
function papersWithTerm(index: SearchIndex, term: string): number[] {
  const found = new Set<number>();
  for (const chunk of index.chunksWith(term)) found.add(index.ordinalOf(index.chunk(chunk).paperId)!);
  return [...found];
}

function containsPhrase(index: SearchIndex, ordinal: number, phrase: readonly string[]): boolean {
  const paper = index.peekPaper(ordinal);
  const terms = tokenize(`${paper.title}\n${paper.text}`)
    .filter((t) => t.terms.length > 0)
    .map((t) => t.terms);
  outer: for (let i = 0; i + phrase.length <= terms.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (!terms[i + j]!.includes(phrase[j]!)) continue outer;
    return true;
  }
  return false;
}

/**
 * The name closest to one of `typed` within the typo distance a question word is forgiven, the name on
 * more papers breaking a tie; undefined when none is that close.
 */
function closest(
  typed: readonly string[],
  candidates: ReadonlyArray<{ word: string; text: string; papers: number }>,
): string | undefined {
  let best: { text: string; distance: number; papers: number } | undefined;
  for (const word of typed) {
    const allowed = Math.max(1, typoDistance(word.length, QUESTION_TYPOS));
    for (const candidate of candidates) {
      if (Math.abs(candidate.word.length - word.length) > allowed || candidate.word === word) continue;
      const distance = editDistance(word, candidate.word);
      if (distance > allowed) continue;
      if (!best || distance < best.distance || (distance === best.distance && candidate.papers > best.papers))
        best = { text: candidate.text, distance, papers: candidate.papers };
    }
  }
  return best?.text;
}
