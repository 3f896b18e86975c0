import { beforeAll, describe, expect, it } from 'vitest';
import type { Paper } from '../../../src/core/paper/paper.js';
import { analyzePapers, assembleParts, IndexAssembler, PaperAnalyzer } from '../../../src/core/search/index-build.js';
import { SEARCH_OPTIONS, SearchIndex } from '../../../src/core/search/search-index.js';
import { encodeSnapshot } from '../../../src/core/search/snapshot/index-snapshot.js';
import { benchPapers } from '../search-fixtures.js';

function bytes(index: SearchIndex): Buffer {
  return Buffer.concat(encodeSnapshot(index, 'corpus-v1:slices', () => 'base'));
}

describe('PaperAnalyzer and assembleParts', () => {
  let papers: Paper[];
  beforeAll(async () => {
    papers = await benchPapers();
  });

  it('build the index SearchIndex.build builds, to the byte, however the papers are sliced and shared out', () => {
    const whole = bytes(SearchIndex.build(papers));
    for (const cuts of [[0], [0, 1, 2], [0, Math.floor(papers.length / 3), papers.length - 1]]) {
      const bounds = [...cuts, papers.length];
      // One analyzer per slice, one for them all, and two taking turns as worker threads do.
      for (const analyzers of [cuts.length, 1, 2]) {
        const pool = Array.from({ length: analyzers }, (_, source) => new PaperAnalyzer(SEARCH_OPTIONS.chunk, source));
        const slices = cuts.map((from, i) => pool[i % analyzers]!.analyze(papers.slice(from, bounds[i + 1])));
        const index = SearchIndex.fromParts(assembleParts(papers, slices, SEARCH_OPTIONS));
        expect(bytes(index).equals(whole), `slices from ${cuts.join(', ')}, ${analyzers} analyzers`).toBe(true);
      }
    }
  });

  it('puts slices together in paper order whatever order they come in', () => {
    const whole = bytes(SearchIndex.build(papers));
    const pool = [0, 1].map((source) => new PaperAnalyzer(SEARCH_OPTIONS.chunk, source));
    const cuts = [0, 5, 11, 20, 33, papers.length];
    const slices = cuts.slice(0, -1).map((from, n) => pool[n % 2]!.analyze(papers.slice(from, cuts[n + 1])));
    const assembler = new IndexAssembler();
    for (const n of [3, 1, 4, 0, 2]) assembler.offer(n, slices[n]!);
    expect(bytes(SearchIndex.fromParts(assembler.finish(papers, SEARCH_OPTIONS))).equals(whole)).toBe(true);
  });

  it('refuses to finish with a slice missing', () => {
    const assembler = new IndexAssembler();
    assembler.offer(1, analyzePapers(papers.slice(2, 4), SEARCH_OPTIONS.chunk));
    expect(() => assembler.finish(papers.slice(0, 4), SEARCH_OPTIONS)).toThrow(/slice 0 never came/);
  });

  it("refuses an analyzer's slices out of the order it analysed them", () => {
    const analyzer = new PaperAnalyzer(SEARCH_OPTIONS.chunk, 0);
    const first = analyzer.analyze(papers.slice(0, 2));
    const second = analyzer.analyze(papers.slice(2, 4));
    expect(() => assembleParts(papers.slice(0, 4), [second, first], SEARCH_OPTIONS)).toThrow(
      /add its batches in order/,
    );
  });

  it('reports papers done while chunking, ending with all of them', () => {
    const reports: Array<[number, number]> = [];
    analyzePapers(papers, SEARCH_OPTIONS.chunk, (done, total) => reports.push([done, total]));
    expect(reports.at(-1)).toEqual([papers.length, papers.length]);
  });
});
