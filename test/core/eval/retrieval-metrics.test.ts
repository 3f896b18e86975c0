import { describe, expect, it } from 'vitest';
import { ndcgAt, percentile, recallAt, reciprocalRankAt, scoreRuns } from '../../../src/core/eval/retrieval-metrics.js';

// Worked by hand: grades d1=2, d2=1, d3=0; ranking d3, d1, x, d2.
// DCG = 2/log2(3) + 1/log2(5) = 1.692536; ideal DCG = 2/log2(2) + 1/log2(3) = 2.630930; nDCG = 0.643322.
const judged = new Map([
  ['d1', 2],
  ['d2', 1],
  ['d3', 0],
]);
const ranked = ['d3', 'd1', 'x', 'd2'];

describe('retrieval metrics', () => {
  it('computes nDCG@10 with linear gain as trec_eval does', () => {
    expect(ndcgAt(ranked, judged, 10)).toBeCloseTo(0.643322, 6);
  });

  it('cuts nDCG at k', () => {
    // Only d1 at rank 2 counts: (2/log2(3)) / 2.630930.
    expect(ndcgAt(ranked, judged, 2)).toBeCloseTo(1.26186 / 2.63093, 5);
  });

  it('computes recall and reciprocal rank, ignoring grade-0 judgments', () => {
    expect(recallAt(ranked, judged, 100)).toBe(1);
    expect(recallAt(ranked, judged, 3)).toBe(0.5);
    expect(reciprocalRankAt(ranked, judged, 10)).toBe(0.5);
    expect(reciprocalRankAt(['x'], judged, 10)).toBe(0);
  });

  it('averages over every judged query, a query without a run scoring 0', () => {
    const scores = scoreRuns(
      new Map([
        ['q1', ranked],
        ['unjudged', ['d1']],
      ]),
      new Map([
        ['q1', judged],
        ['q2', new Map([['d9', 1]])],
      ]),
    );
    expect(scores['ndcg@10']).toBeCloseTo(0.321661, 6);
    expect(scores['recall@100']).toBe(0.5);
    expect(scores['mrr@10']).toBe(0.25);
    expect(scores.queries).toBe(2);
  });

  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });
});
