import { beforeAll, describe, expect, it } from 'vitest';
import { ask } from '../../../../src/core/answer/answer.js';
import { changeLines, encodeChangesHeader } from '../../../../src/core/search/snapshot/changes-file.js';
import {
  decodeSnapshot,
  encodeSnapshot,
  SNAPSHOT_FORMAT,
} from '../../../../src/core/search/snapshot/index-snapshot.js';
import { lookup, suggest } from '../../../../src/core/answer/lookup.js';
import { SEARCH_OPTIONS, SearchIndex } from '../../../../src/core/search/search-index.js';
import { benchPapers, benchQueries, paper, seedPapers } from '../../search-fixtures.js';

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
    // The base as the snapshot saw it: same terms, and MiniSearch's own search still works on the loaded postings.
    const [loadedBase, freshBase] = [loaded.parts().chunks.base, fresh.parts().chunks.base];
    expect(loadedBase.termCount).toBe(freshBase.termCount);
    expect(loadedBase.search('transformers').map((r) => r.id)).toEqual(
      freshBase.search('transformers').map((r) => r.id),
    );
  });

  it('is stale for another corpus fingerprint or other search settings', () => {
    expect(decodeSnapshot(bytes, 'corpus-v1:other', SEARCH_OPTIONS)).toEqual({
      kind: 'stale',
      reason: 'the corpus changed since the snapshot was written',
      damaged: false,
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

  it('is stale and damaged, never an error, when its magic, header length or header JSON is damaged', () => {
    const damage = (change: (copy: Uint8Array, view: DataView) => void): Uint8Array => {
      const copy = bytes.slice();
      change(copy, new DataView(copy.buffer));
      return copy;
    };
    // Same-length edits of the header's (ASCII) text, so the frame's lengths still hold.
    const swap = (from: string, to: string) =>
      damage((b) => b.set(new TextEncoder().encode(to), new TextDecoder().decode(b.subarray(0, 400)).indexOf(from)));
    const headerLength = new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true);
    const cases: Array<[Uint8Array, RegExp]> = [
      [damage((b) => b.set(new TextEncoder().encode('XBIX'), 0)), /^bad magic "XBIX", expected "PBIX"$/],
      [damage((_, v) => v.setUint32(8, 0xffffffff, true)), /^header of 4294967295 bytes is cut short/],
      [damage((_, v) => v.setUint32(8, headerLength - 5, true)), /^header is not JSON/],
      [damage((b) => (b[12] = 0x5b)), /^header is not JSON/], // '{' → '['
      [swap('"paperboy-index"', '"paperboy-indey"'), /^header names format "paperboy-indey" version 4/],
      [swap('"corpus-v1:abc"', '123456789012345'), /^header is malformed: fingerprint or base is not a string$/],
      [swap('"sections":{"ids":[', '"sections":{"ids":[-'), /^header is malformed: section "ids" is placed at/],
      [bytes.subarray(0, 7), /too short for a header/],
      [bytes.subarray(0, 40), /^header of \d+ bytes is cut short \(the file has 40\)$/],
      // Past the padding after the last section.
      [bytes.subarray(0, bytes.length - SNAPSHOT_FORMAT.alignment), /^snapshot is cut short/],
    ];
    for (const [damaged, reason] of cases) {
      expect(decodeSnapshot(damaged, 'corpus-v1:abc', SEARCH_OPTIONS)).toEqual({
        kind: 'stale',
        reason: expect.stringMatching(reason),
        damaged: true,
      });
    }
  });

  it('is stale, not damaged, for another format version', () => {
    const newer = bytes.slice();
    new DataView(newer.buffer).setUint32(4, 0xffff, true);
    expect(decodeSnapshot(newer, 'corpus-v1:abc', SEARCH_OPTIONS)).toEqual({
      kind: 'stale',
      reason: `format version 65535, this version reads ${SNAPSHOT_FORMAT.version}`,
      damaged: false,
    });
  });

  it('round-trips an empty corpus', () => {
    const empty = bytesOf(encodeSnapshot(SearchIndex.build([]), 'corpus-v1:empty', () => 'base-empty'));
    const read = decodeSnapshot(empty, 'corpus-v1:empty', SEARCH_OPTIONS);
    expect(read.kind === 'loaded' && read.index.papers).toEqual([]);
  });
});

/** Asks both indexes the same questions, lookups and prefixes, and the papers they hold. */
function expectSameAnswers(loaded: SearchIndex, expected: SearchIndex): void {
  expect(loaded.papers).toEqual(expected.papers);
  expect(loaded.paperIds).toEqual(expected.paperIds);
  expect(loaded.chunkCount).toBe(expected.chunkCount);
  for (const file of new Set(expected.papers.map((p) => p.source.file))) {
    expect(loaded.idsOfFile(file)).toEqual(expected.idsOfFile(file));
  }
  const questions = ['what mask ratio does PRED use for point-wise masking', 'zebra stripes', 'maskng ratoi'];
  for (const question of [...questions, ...benchQueries().map((q) => q.text)]) {
    expect(ask(loaded, question, { limit: 5 })).toEqual(ask(expected, question, { limit: 5 }));
    expect(lookup(loaded, question)).toEqual(lookup(expected, question));
    expect(suggest(loaded, question.slice(0, 4))).toEqual(suggest(expected, question.slice(0, 4)));
  }
}

describe('snapshot of an index changed in place', () => {
  async function changed(): Promise<{ before: Uint8Array; index: SearchIndex }> {
    const bench = await benchPapers();
    const index = SearchIndex.build([...(await seedPapers()), ...bench.slice(0, 30)]);
    const before = bytesOf(encodeSnapshot(index, 'corpus-v1:before', () => 'base-b'));
    const zebra = paper('zebra', 'Zebra Stripes as Camouflage', 'We measure how zebra stripes confuse biting flies.', {
      source: { file: 'zebra.jsonl', line: 1 },
    });
    index.update({ remove: [bench[0]!.id, bench[1]!.id], add: [zebra, ...bench.slice(30, 40)] });
    index.update({ remove: [bench[35]!.id], add: [{ ...bench[2]!, title: 'A New Title for an Old Paper' }] });
    // Back to the version the base holds: the index keeps it where the change put it, and so must a reload.
    index.update({ add: [bench[2]!] });
    return { before, index };
  }

  it('saves the base and the changes, and loads into an index that answers exactly as the changed one', async () => {
    const { index } = await changed();
    const read = decodeSnapshot(
      bytesOf(encodeSnapshot(index, 'corpus-v1:after', () => 'base-b')),
      'corpus-v1:after',
      SEARCH_OPTIONS,
    );
    if (read.kind !== 'loaded') throw new Error(read.reason);
    expect(read).toMatchObject({ changesFrom: 'snapshot', changes: { removed: 3, added: 11 } });
    expect(read.header).toMatchObject({ base: 'base-b', papers: 35 });
    expectSameAnswers(read.index, index);
    expect(read.index.changes()).toEqual(index.changes());
  });

  it('applies a changes file to the base it names when it was written for the fingerprint asked for', async () => {
    const { before, index } = await changed();
    const changes = index.changes();
    const file = (base: string) =>
      bytesOf([
        encodeChangesHeader({
          base,
          fingerprint: 'corpus-v1:after',
          removed: changes.removed.length,
          added: changes.added.length,
        }),
        ...changeLines(changes),
      ]);
    const read = decodeSnapshot(before, 'corpus-v1:after', SEARCH_OPTIONS, file('base-b'));
    if (read.kind !== 'loaded') throw new Error(read.reason);
    expect(read.changesFrom).toBe('changes file');
    expectSameAnswers(read.index, index);

    // For the snapshot's own fingerprint the base alone is right; another base's changes never apply.
    const original = decodeSnapshot(before, 'corpus-v1:before', SEARCH_OPTIONS, file('base-b'));
    expect(original.kind === 'loaded' && original.changesFrom).toBe('snapshot');
    expect(original.kind === 'loaded' && original.index.paperCount).toBe(35);
    expect(decodeSnapshot(before, 'corpus-v1:after', SEARCH_OPTIONS, file('base-other'))).toEqual({
      kind: 'stale',
      reason: 'the corpus changed since the snapshot was written',
      damaged: false,
    });
    const cut = file('base-b');
    expect(decodeSnapshot(before, 'corpus-v1:after', SEARCH_OPTIONS, cut.subarray(0, cut.length - 40)).kind).toBe(
      'stale',
    );
  });
});
