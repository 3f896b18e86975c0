import MiniSearch, { type Options, type SearchOptions, type SearchResult } from 'minisearch';
import { describe, expect, it } from 'vitest';
import { CompactMiniSearch } from '../../../../src/core/search/engine/compact-minisearch.js';

// The contract Paperboy's compact postings keep with MiniSearch (pinned in package.json): a frozen or
// snapshot-loaded index still answers MiniSearch's own search() and autoSuggest(), fuzzy and prefix
// matching included, exactly as a plain MiniSearch over the same documents does. If a MiniSearch release
// changes how it reads its internals, this is the test that says so.

interface Doc {
  id: number;
  title: string;
  text: string;
}

// Ids are 0…n-1 in the order added: a frozen index's ids are MiniSearch's short ids.
const DOCS: Doc[] = [
  { id: 0, title: 'Masked autoencoders are scalable vision learners', text: 'We mask random patches of the image.' },
  { id: 1, title: 'DropPos: pre-training vision transformers', text: 'Dropped positions are reconstructed.' },
  { id: 2, title: 'Attention is all you need', text: 'The transformer uses attention only, no recurrence.' },
  { id: 3, title: 'Point-wise masking for point clouds', text: 'A high mask ratio works for point clouds.' },
  { id: 4, title: 'Vision transformers need registers', text: 'Register tokens remove artefacts in attention maps.' },
];

const OPTIONS: Options<Doc> = { fields: ['title', 'text'] };

const QUERIES: Array<[string, SearchOptions]> = [
  ['vision transformers', {}],
  ['attention', { fields: ['text'] }],
  ['transfomer', { fuzzy: 0.2 }],
  ['mask', { prefix: true }],
  ['visin trans', { fuzzy: 0.2, prefix: true }],
  ['vision transformers', { combineWith: 'AND' }],
  ['masking ratio', { boost: { title: 2 } }],
];

/** Results by id, scores rounded: a frozen index may sum a document's terms in another order. */
function comparable(results: SearchResult[]) {
  return results
    .map(({ id, score, terms, queryTerms, match }) => ({
      id,
      score: Number(score.toFixed(9)),
      terms,
      queryTerms,
      match,
    }))
    .sort((x, y) => x.id - y.id);
}

function plainIndex(): MiniSearch<Doc> {
  const index = new MiniSearch<Doc>(OPTIONS);
  index.addAll(DOCS);
  return index;
}

function frozenIndex(): CompactMiniSearch<Doc> {
  const index = new CompactMiniSearch<Doc>(OPTIONS);
  index.addAll(DOCS);
  return index.freeze();
}

describe('CompactMiniSearch with MiniSearch 7.2.0', () => {
  it.each(QUERIES)('answers search(%j, %j) as a plain MiniSearch does once frozen', (query, options) => {
    const expected = comparable(plainIndex().search(query, options));
    expect(expected.length).toBeGreaterThan(0);
    expect(comparable(frozenIndex().search(query, options))).toEqual(expected);
  });

  it.each(QUERIES)(
    'answers search(%j, %j) as a plain MiniSearch does after a snapshot round trip',
    (query, options) => {
      const loaded = new CompactMiniSearch<Doc>(OPTIONS).importData(frozenIndex().exportData());
      expect(comparable(loaded.search(query, options))).toEqual(comparable(plainIndex().search(query, options)));
    },
  );

  it('suggests as a plain MiniSearch does, fuzzy and prefix', () => {
    for (const [query, options] of [
      ['vis', { prefix: true }],
      ['atention', { fuzzy: 0.2 }],
    ] as const) {
      const plain = plainIndex().autoSuggest(query, options);
      expect(plain.length).toBeGreaterThan(0);
      const frozen = frozenIndex().autoSuggest(query, options);
      const bySuggestion = (xs: typeof plain) =>
        xs
          .map((s) => ({ ...s, score: Number(s.score.toFixed(9)) }))
          .sort((x, y) => (x.suggestion < y.suggestion ? -1 : 1));
      expect(bySuggestion(frozen)).toEqual(bySuggestion(plain));
    }
  });

  it('keeps counts and terms, and refuses changes once frozen', () => {
    const frozen = frozenIndex();
    const plain = plainIndex();
    expect(frozen.documentCount).toBe(plain.documentCount);
    expect(frozen.termCount).toBe(plain.termCount);
    expect(() => frozen.add({ id: 5, title: 'late', text: 'paper' })).toThrow();
  });
});
