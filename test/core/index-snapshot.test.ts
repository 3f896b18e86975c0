import { beforeAll, describe, expect, it } from 'vitest';
import { ask } from '../../src/core/answer.js';
import { decodeSnapshot, encodeSnapshot, SNAPSHOT_FORMAT } from '../../src/core/index-snapshot.js';
import { lookup, suggest } from '../../src/core/lookup.js';
import { SEARCH_OPTIONS, SearchIndex } from '../../src/core/search-index.js';
import { benchPapers, benchQueries, seedPapers } from './search-fixtures.js';

function bytesOf(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

let fresh: SearchIndex;
let bytes: Uint8Array;

beforeAll(async () => {
  fresh = SearchIndex.build([...(await seedPapers()), ...(await benchPapers())]);
  bytes = bytesOf(encodeSnapshot(fresh, 'corpus-v1:abc', () => 'base-a'));
});

describe('index snapshot', () => {
  it('loads into an index that answers exactly as the fresh build', () => {
    const read = decodeSnapshot(bytes, 'corpus-v1:abc', SEARCH_OPTIONS);
    if (read.kind !== 'loaded') throw new Error(read.reason);
    const loaded = read.index;
    expect(loaded.papers).toEqual(fresh.papers);
    const questions = [
      'what mask ratio does PRED use for point-wise masking',
      'maskng ratoi',
      'the capital of france',
      ...benchQueries().map((q) => q.text),
    ];
    for (const question of questions) {
      expect(ask(loaded, question, { limit: 5 })).toEqual(ask(fresh, question, { limit: 5 }));
      expect(lookup(loaded, question)).toEqual(lookup(fresh, question));
      expect(suggest(loaded, question.slice(0, 6))).toEqual(suggest(fresh, question.slice(0, 6)));
    }
    expect(loaded.chunks.base.termCount).toBe(fresh.chunks.base.termCount);
    // MiniSearch's own search still works on the compact postings.
    expect(loaded.chunks.base.search('transformers').map((r) => r.id)).toEqual(
      fresh.chunks.base.search('transformers').map((r) => r.id),
    );
  });

  it('is stale for another corpus fingerprint or other search settings', () => {
    expect(decodeSnapshot(bytes, 'corpus-v1:other', SEARCH_OPTIONS)).toEqual({
      kind: 'stale',
      reason: 'the corpus changed since the snapshot was written',
    });
    const changed = { ...SEARCH_OPTIONS, bm25: { ...SEARCH_OPTIONS.bm25, k: 2 } };
    expect(decodeSnapshot(bytes, 'corpus-v1:abc', changed).kind).toBe('stale');
  });

  it('is stale, not an error, for another format version, foreign bytes or a cut-short file', () => {
    const older = bytes.slice();
    new DataView(older.buffer).setUint32(4, SNAPSHOT_FORMAT.version + 1, true);
    expect(decodeSnapshot(older, 'corpus-v1:abc', SEARCH_OPTIONS)).toMatchObject({
      kind: 'stale',
      reason: expect.stringMatching(/format/),
    });
    expect(decodeSnapshot(new TextEncoder().encode('{"index":[]}'), 'x', SEARCH_OPTIONS).kind).toBe('stale');
    expect(decodeSnapshot(bytes.subarray(0, bytes.length / 2), 'corpus-v1:abc', SEARCH_OPTIONS)).toMatchObject({
      kind: 'stale',
      reason: expect.stringMatching(/cut short/),
    });
  });

  it('round-trips an empty corpus', () => {
    const empty = bytesOf(encodeSnapshot(SearchIndex.build([]), 'corpus-v1:empty', () => 'base-empty'));
    const read = decodeSnapshot(empty, 'corpus-v1:empty', SEARCH_OPTIONS);
    expect(read.kind === 'loaded' && read.index.papers).toEqual([]);
  });
});
