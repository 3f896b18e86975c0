import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { CompactMiniSearch, type IndexData } from '../../../../src/core/search/engine/compact-minisearch.js';
import { IndexBuilder } from '../../../../src/core/search/engine/index-builder.js';
import { CHUNK_INDEX_OPTIONS } from '../../../../src/core/search/engine/chunk-index.js';
import {
  LOOKUP_INDEX_OPTIONS,
  type PaperLookupDocument as Doc,
} from '../../../../src/core/search/engine/paper-lookup-index.js';

const DOCS: Doc[] = [
  {
    id: 0,
    title: 'DropPos: Pre-Training Vision Transformers by Reconstructing Dropped Positions',
    authors: 'Haochen Wang, Junsong Fan',
    venue: 'NeurIPS 2023',
    names: 'DropPos',
    ids: 'arxiv:2309.03576',
  },
  { id: 1, title: 'Masked masked MASKED autoencoders', authors: '', venue: '', names: '', ids: '' },
  {
    id: 2,
    title: "The model's pre-training, pretraining and pre training",
    authors: 'Anna Sandström',
    venue: 'ICLR 2024',
    names: '',
    ids: 'doi:10.1/x arxiv:2401.00001',
  },
  { id: 3, title: 'Attention is all you need', authors: 'A. Vaswani', venue: 'NeurIPS 2017', names: '', ids: '' },
];

/** Each term's postings per field, as text, whatever order the terms were laid out in. */
function byTerm(data: IndexData): Map<string, string> {
  const fields = data.fields.length;
  const found = new Map<string, string>();
  let at = 0;
  data.terms.forEach((term, t) => {
    const parts: string[] = [];
    for (let f = 0; f < fields; f++) {
      const count = data.counts[t * fields + f]!;
      parts.push(
        `${[...data.docs.subarray(at, at + count)].join(',')}/${[...data.freqs.subarray(at, at + count)].join(',')}`,
      );
      at += count;
    }
    found.set(term, parts.join(' '));
  });
  return found;
}

function built(options: typeof LOOKUP_INDEX_OPTIONS): IndexData {
  const builder = new IndexBuilder(options.fields, options);
  for (const doc of DOCS) builder.add(options.fields.map((field) => doc[field as keyof Doc] as string));
  return builder.finish();
}

function added(options: typeof LOOKUP_INDEX_OPTIONS): IndexData {
  const index = new CompactMiniSearch<Doc>(options);
  index.addAll(DOCS);
  return index.exportData();
}

describe('IndexBuilder', () => {
  it.each([
    ['the lookup index (five fields, ids whole)', LOOKUP_INDEX_OPTIONS],
    ['the chunk index options on the title field', { ...CHUNK_INDEX_OPTIONS, fields: ['title'] }],
  ])('builds what MiniSearch add then export holds for %s', (_, options) => {
    const fresh = built(options as typeof LOOKUP_INDEX_OPTIONS);
    const expected = added(options as typeof LOOKUP_INDEX_OPTIONS);
    expect(byTerm(fresh)).toEqual(byTerm(expected));
    expect([...fresh.fieldLength]).toEqual([...expected.fieldLength]);
    expect(fresh.averageFieldLength).toEqual(expected.averageFieldLength);
    expect(fresh.documentCount).toBe(expected.documentCount);
  });

  it('lays terms out in code-unit order, so the arrays depend only on the documents', () => {
    const { terms } = built(LOOKUP_INDEX_OPTIONS);
    expect(terms).toEqual([...terms].sort());
  });

  it('answers MiniSearch search() as a plain MiniSearch over the same documents does', () => {
    const plain = new MiniSearch<Doc>(LOOKUP_INDEX_OPTIONS);
    plain.addAll(DOCS);
    const fresh = new CompactMiniSearch<Doc>(LOOKUP_INDEX_OPTIONS).importData(built(LOOKUP_INDEX_OPTIONS));
    for (const query of ['masked', 'pre-training', 'vaswani', 'dropos']) {
      const rounded = (index: MiniSearch<Doc>) =>
        index.search(query, { fuzzy: 0.2, prefix: true }).map((r) => [r.id, r.score.toFixed(9)]);
      expect(rounded(fresh)).toEqual(rounded(plain));
    }
  });
});
