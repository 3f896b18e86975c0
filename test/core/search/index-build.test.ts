import { beforeAll, describe, expect, it } from 'vitest';
import type { Paper } from '../../../src/core/paper/paper.js';
import { assembleParts, chunkAndAnalyze } from '../../../src/core/search/index-build.js';
import { SEARCH_OPTIONS, SearchIndex } from '../../../src/core/search/search-index.js';
import { encodeSnapshot } from '../../../src/core/search/snapshot/index-snapshot.js';
import { benchPapers } from '../search-fixtures.js';

function bytes(index: SearchIndex): Buffer {
  return Buffer.concat(encodeSnapshot(index, 'corpus-v1:slices', () => 'base'));
}

describe('chunkAndAnalyze and assembleParts', () => {
  let papers: Paper[];
  beforeAll(async () => {
    papers = await benchPapers();
  });

  it('build the index SearchIndex.build builds, to the byte, however the papers are sliced', () => {
    const whole = bytes(SearchIndex.build(papers));
    for (const cuts of [[0], [0, 1, 2], [0, Math.floor(papers.length / 3), papers.length - 1]]) {
      const bounds = [...cuts, papers.length];
      const slices = cuts.map((from, i) => chunkAndAnalyze(papers.slice(from, bounds[i + 1]), SEARCH_OPTIONS.chunk));
      const index = SearchIndex.fromParts(assembleParts(papers, slices, SEARCH_OPTIONS));
      expect(bytes(index).equals(whole), `slices from ${cuts.join(', ')}`).toBe(true);
    }
  });

  it('reports papers done while chunking, ending with all of them', () => {
    const reports: Array<[number, number]> = [];
    chunkAndAnalyze(papers, SEARCH_OPTIONS.chunk, (done, total) => reports.push([done, total]));
    expect(reports.at(-1)).toEqual([papers.length, papers.length]);
  });
});
