import { CompactMiniSearch, type IndexData } from './compact-minisearch.js';
import { IndexBuilder } from './index-builder.js';
import { LayeredIndex, type LayeredOptions } from './layered-index.js';
import type { Paper } from '../../paper/paper.js';
import { paperIdentifiers } from '../../paper/paper-identifiers.js';
import { methodNames } from '../../paper/paper-names.js';
import { splitWords, termsOf } from '../text/tokenize.js';
import { LOOKUP_TYPOS, typoDistance } from '../text/typo-distance.js';

/**
 * What the lookup index stores of a paper: its ordinal, the fields a user names a paper by (`names`: the
 * method names it defines that its title does not hold), and its exact keys (`ids`: arXiv ids and DOIs,
 * {@link paperIdentifiers}, space-separated).
 */
export interface PaperLookupDocument {
  id: number;
  title: string;
  authors: string;
  venue: string;
  names: string;
  ids: string;
}

/** The fields looked in for words; the `ids` field comes after them and is matched only whole. */
export const LOOKUP_FIELDS = ['title', 'authors', 'venue', 'names'] as const;
export type LookupField = (typeof LOOKUP_FIELDS)[number];
const IDS_FIELD = 'ids';

/** MiniSearch options for the lookup index; a snapshot must be loaded with the same ones. */
export const LOOKUP_INDEX_OPTIONS: LayeredOptions<PaperLookupDocument> = {
  fields: [...LOOKUP_FIELDS, IDS_FIELD],
  tokenize: (text: string, field?: string) =>
    field === IDS_FIELD ? text.split(' ').filter(Boolean) : splitWords(text),
  processTerm: (word: string, field?: string) => (field === IDS_FIELD ? word : (termsOf(word) as string[])),
  wordFields: LOOKUP_FIELDS,
  autoVacuum: false,
};

/** How much a word found in each field counts: a title word or a method name most, a venue least. */
const LOOKUP_BOOSTS: Record<LookupField, number> = { title: 2, authors: 1.5, venue: 1, names: 2 };
const LOOKUP_BM25 = { k: 1.2, b: 0.7 };
/** A typo'd or half-typed word counts for less than a word as written (MiniSearch's own weights). */
const FUZZY_WEIGHT = 0.6;
const PREFIX_WEIGHT = 0.5;
/** A short prefix stands for thousands of words; the shortest this many are enough for a lookup. */
const MAX_PREFIX_TERMS = 200;
/** A method name is offered for a typed word of at least this many letters. */
const MIN_NAME_PREFIX = 3;
/** Words matched per query: one bit each in a 32-bit mask. */
const MAX_LOOKUP_TERMS = 24;

/** What the lookup index reads of a paper: a worker thread analysing a slice is sent only this. */
export type LookupPaper = Pick<Paper, 'id' | 'title' | 'text' | 'authors' | 'venue' | 'year' | 'links'>;

/**
 * The lookup document of a paper: the venue with its year (`NeurIPS 2023`), authors as one string, the
 * method names ({@link methodNames}) whose words its title does not already hold, its arXiv and DOI keys.
 */
export function lookupDocument(paper: LookupPaper, ordinal: number): PaperLookupDocument {
  let names = methodNames(paper);
  if (names.length > 0) {
    const titleTerms = new Set(splitWords(paper.title).flatMap((word) => termsOf(word)));
    names = names.filter((name) => termsOf(name).some((term) => !titleTerms.has(term)));
  }
  return {
    id: ordinal,
    title: paper.title,
    authors: paper.authors.join(', '),
    venue: [paper.venue, paper.year].filter((part) => part !== null && part !== '').join(' '),
    names: names.join(' '),
    ids: paperIdentifiers(paper).join(' '),
  };
}

/**
 * A small MiniSearch index with one document per paper (title, authors, venue): the typo-tolerant
 * side of finding a paper by name. Questions go to the chunk index instead. Document ids are paper
 * ordinals; papers added after the build go to a tail and removed ones are skipped ({@link LayeredIndex}).
 */
export class PaperLookupIndex extends LayeredIndex<PaperLookupDocument> {
  private constructor(base: CompactMiniSearch<PaperLookupDocument>) {
    super(base, LOOKUP_INDEX_OPTIONS);
  }

  static build(papers: readonly LookupPaper[]): PaperLookupIndex {
    const builder = PaperLookupIndex.builder();
    PaperLookupIndex.addPapers(builder, papers);
    return PaperLookupIndex.restore(builder.finish());
  }

  /** A builder of lookup documents (for {@link addPapers}; `IndexAssembler` adds what it hands over). */
  static builder(): IndexBuilder {
    return new IndexBuilder(LOOKUP_INDEX_OPTIONS.fields, LOOKUP_INDEX_OPTIONS);
  }

  /** Adds the lookup documents of `papers` to `builder` (on any thread), as its next documents. */
  static addPapers(builder: IndexBuilder, papers: readonly LookupPaper[]): void {
    for (const paper of papers) {
      const document = lookupDocument(paper, builder.count);
      builder.add(LOOKUP_INDEX_OPTIONS.fields.map((field) => document[field as keyof PaperLookupDocument] as string));
    }
  }

  /** The base a snapshot exported ({@link LayeredIndex.exportBase}). */
  static restore(data: IndexData): PaperLookupIndex {
    return new PaperLookupIndex(new CompactMiniSearch<PaperLookupDocument>(LOOKUP_INDEX_OPTIONS).importData(data));
  }

  /**
   * The best `limit` papers for the words of `query`: papers with every word first (when there are any),
   * else papers with the most words. A lookup is short and often half-remembered, so a word the index
   * does not have is matched to close words (typos), and the last word also as a prefix (still being
   * typed); a word it has is taken as written, so common words never fan out into near neighbours.
   * Scores are BM25 per field with the field boosts, on the postings directly.
   * @example index.find('dropos wang', 5)[0] // { ordinal: 1, score: 9.1, fields: ['title', 'authors'] }
   */
  find(query: string, limit: number, only?: readonly LookupField[]): LookupMatch[] {
    const words = [...new Set(splitWords(query).flatMap((word) => termsOf(word)))].slice(0, MAX_LOOKUP_TERMS);
    const count = this.documentCount;
    if (words.length === 0 || count === 0 || limit <= 0) return [];
    const { scores, masks, fieldMasks } = this.scratchSpace();
    const touched: number[] = [];
    const fieldIds = (only ?? LOOKUP_FIELDS).map((name) => this.base.fieldId(name));
    const { k, b } = LOOKUP_BM25;
    words.forEach((word, w) => {
      for (const { term, weight } of this.expand(word, w === words.length - 1)) {
        for (const f of fieldIds) {
          const df = this.fieldFrequency(term, f);
          if (df === 0) continue;
          const boost = weight * (LOOKUP_BOOSTS[LOOKUP_FIELDS[f]!] ?? 1);
          const idf = Math.log(1 + (count - df + 0.5) / (df + 0.5));
          const average = this.averageFieldLength(f) || 1;
          const lengths = this.lengthsOf(f);
          const visit = (doc: number, tf: number) => {
            if (masks[doc] === 0) touched.push(doc);
            masks[doc]! |= 1 << w;
            fieldMasks[doc]! |= 1 << f;
            scores[doc]! += (boost * idf * tf * (k + 1)) / (tf + k * (1 - b + (b * lengths[doc]!) / average));
          };
          this.forEachPosting(term, f, visit);
        }
      }
    });
    const all = 2 ** words.length - 1;
    const matched = (doc: number) => bitCount(masks[doc]!);
    // Removed papers' postings are still walked in the frozen base; they just never make the list.
    const live = this.unchanged ? touched : touched.filter((doc) => this.isLive(doc));
    const complete = live.filter((doc) => masks[doc] === all);
    // With no paper holding every word, the more words a paper holds the better (as MiniSearch's OR does).
    const pool = complete.length > 0 ? complete : live;
    const value = (doc: number) => (complete.length > 0 ? scores[doc]! : scores[doc]! * matched(doc));
    const top = pool.sort((x, y) => value(y) - value(x) || x - y).slice(0, limit);
    const found = top.map((ordinal) => ({
      ordinal,
      score: value(ordinal),
      fields: LOOKUP_FIELDS.filter((_, f) => (fieldMasks[ordinal]! & (1 << f)) !== 0),
    }));
    for (const doc of touched) {
      scores[doc] = 0;
      masks[doc] = 0;
      fieldMasks[doc] = 0;
    }
    return found;
  }

  /**
   * Ordinals of the live papers with the arXiv or DOI key `key` ({@link identifierKey}), in ordinal order.
   * @example index.findIdentifier('arxiv:2309.03576') // [1]
   */
  findIdentifier(key: string): number[] {
    return this.documentsWith(key, this.base.fieldId(IDS_FIELD));
  }

  /**
   * Ordinals of live papers with a key starting with `prefix` (an arXiv id being typed), by key, at most `limit`.
   * @example index.identifiersWithPrefix('arxiv:2309.035', 5) // [1]
   */
  identifiersWithPrefix(prefix: string, limit: number): number[] {
    const found: number[] = [];
    for (const key of this.termsWithPrefix(prefix).sort(compare)) {
      for (const ordinal of this.findIdentifier(key))
        if (found.length < limit && !found.includes(ordinal)) found.push(ordinal);
      if (found.length >= limit) break;
    }
    return found;
  }

  /**
   * Ordinals of live papers with a method name (the `names` field) starting with the one word `typed`
   * (of 3 letters or more), shortest name first, at most `limit`.
   * @example index.namesWithPrefix('graphorm', 5) // [2]
   */
  namesWithPrefix(typed: string, limit: number): number[] {
    const words = splitWords(typed);
    if (words.length !== 1 || words[0]!.length < MIN_NAME_PREFIX) return [];
    const field = this.base.fieldId('names');
    const prefixes = new Set([words[0]!.toLowerCase(), ...termsOf(words[0]!)]);
    const terms = new Set([...prefixes].flatMap((prefix) => this.termsWithPrefix(prefix)));
    const found: number[] = [];
    for (const term of [...terms].sort((x, y) => x.length - y.length || compare(x, y))) {
      for (const ordinal of this.documentsWith(term, field)) {
        if (found.length < limit && !found.includes(ordinal)) found.push(ordinal);
      }
      if (found.length >= limit) break;
    }
    return found;
  }

  /**
   * The indexed terms standing for one query word, with their weights, by term: the same terms and
   * the same order whatever order the papers were indexed in.
   */
  private expand(word: string, last: boolean): Array<{ term: string; weight: number }> {
    if (this.hasTerm(word)) return [{ term: word, weight: 1 }];
    const found = new Map<string, number>();
    const distance = typoDistance(word.length, LOOKUP_TYPOS);
    if (distance > 0) {
      for (const [term, edits] of this.termsNear(word, distance)) {
        found.set(term, (FUZZY_WEIGHT * term.length) / (term.length + edits));
      }
    }
    if (last) {
      const completions = this.termsWithPrefix(word).sort((x, y) => x.length - y.length || compare(x, y));
      for (const term of completions.slice(0, MAX_PREFIX_TERMS)) {
        const weight = (PREFIX_WEIGHT * term.length) / (term.length + 0.3 * (term.length - word.length));
        found.set(term, Math.max(found.get(term) ?? 0, weight));
      }
    }
    return [...found].sort(([x], [y]) => compare(x, y)).map(([term, weight]) => ({ term, weight }));
  }

  // Scratch space reused by every lookup (one runs at a time), as large as the ids handed out.
  private scratch: LookupScratch | undefined;

  private scratchSpace(): LookupScratch {
    const size = this.nextId;
    if (!this.scratch || this.scratch.scores.length < size) {
      this.scratch = {
        scores: new Float64Array(size),
        masks: new Uint32Array(size),
        fieldMasks: new Uint8Array(size),
      };
    }
    return this.scratch;
  }
}

interface LookupScratch {
  scores: Float64Array;
  masks: Uint32Array;
  fieldMasks: Uint8Array;
}

/** A paper found by {@link PaperLookupIndex.find}: its ordinal, score and the fields its words were found in. */
export interface LookupMatch {
  ordinal: number;
  score: number;
  fields: LookupField[];
}

function compare(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

function bitCount(mask: number): number {
  let n = 0;
  for (let m = mask; m !== 0; m &= m - 1) n++;
  return n;
}
