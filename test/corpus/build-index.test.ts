import { describe, expect, it } from 'vitest';
import { SearchIndex } from '../../src/core/search/search-index.js';
import { encodeSnapshot } from '../../src/core/search/snapshot/index-snapshot.js';
import { buildIndex } from '../../src/corpus/build-index.js';
import { benchPapers } from '../core/search-fixtures.js';

function bytes(index: SearchIndex): Buffer {
  return Buffer.concat(encodeSnapshot(index, 'corpus-v1:threads', () => 'base'));
}

describe('buildIndex', () => {
  it('indexes as SearchIndex.build does, to the byte, and reports every paper done', async () => {
    const papers = await benchPapers();
    const reports: number[] = [];
    const index = await buildIndex(papers, undefined, { onProgress: (done) => reports.push(done) });
    expect(bytes(index).equals(bytes(SearchIndex.build(papers)))).toBe(true);
    expect(reports.at(-1)).toBe(papers.length);
  });
});
