/** Judged relevance of documents for one query: document id → grade (0 or less = not relevant). */
export type Judgments = ReadonlyMap<string, number>;

/**
 * nDCG@k as trec_eval's `ndcg_cut` computes it: linear gain (the grade itself), discount log2(rank + 1),
 * normalised by the ideal ordering of the judged documents. 0 when nothing is relevant.
 * @example ndcgAt(['a', 'b'], new Map([['b', 1]]), 10) // 1 / Math.log2(3) ≈ 0.631
 */
export function ndcgAt(ranked: readonly string[], judgments: Judgments, k: number): number {
  let dcg = 0;
  ranked.slice(0, k).forEach((id, i) => {
    const grade = judgments.get(id) ?? 0;
    if (grade > 0) dcg += grade / Math.log2(i + 2);
  });
  const ideal = [...judgments.values()]
    .filter((grade) => grade > 0)
    .sort((x, y) => y - x)
    .slice(0, k);
  const idcg = ideal.reduce((total, grade, i) => total + grade / Math.log2(i + 2), 0);
  return idcg > 0 ? dcg / idcg : 0;
}

/**
 * Share of the relevant documents found in the top `k`.
 * @example recallAt(['a', 'b', 'c'], new Map([['c', 1], ['z', 1]]), 3) // 0.5
 */
export function recallAt(ranked: readonly string[], judgments: Judgments, k: number): number {
  const relevant = [...judgments.values()].filter((grade) => grade > 0).length;
  if (relevant === 0) return 0;
  return ranked.slice(0, k).filter((id) => (judgments.get(id) ?? 0) > 0).length / relevant;
}

/**
 * Reciprocal rank of the first relevant document within the top `k`, 0 when there is none.
 * @example reciprocalRankAt(['a', 'b'], new Map([['b', 1]]), 10) // 0.5
 */
export function reciprocalRankAt(ranked: readonly string[], judgments: Judgments, k: number): number {
  const at = ranked.slice(0, k).findIndex((id) => (judgments.get(id) ?? 0) > 0);
  return at === -1 ? 0 : 1 / (at + 1);
}

/**
 * The nearest-rank percentile (`p` in 0–100) of `values`; NaN for no values.
 * @example percentile([1, 2, 3, 4], 50) // 2
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((x, y) => x - y);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

export interface RetrievalScores {
  'ndcg@10': number;
  'recall@100': number;
  'mrr@10': number;
  /** Queries averaged over: every query in the judgments. */
  queries: number;
}

/**
 * Averages nDCG@10, Recall@100 and MRR@10 over every query in `judgments`, as trec_eval does: a query
 * with no run (or an empty one) scores 0; runs for unjudged queries are ignored.
 * @example scoreRuns(new Map([['q1', ['d1']]]), new Map([['q1', new Map([['d1', 1]])]]))['ndcg@10'] // 1
 */
export function scoreRuns(
  runs: ReadonlyMap<string, readonly string[]>,
  judgments: ReadonlyMap<string, Judgments>,
): RetrievalScores {
  let ndcg = 0;
  let recall = 0;
  let mrr = 0;
  for (const [query, judged] of judgments) {
    const ranked = runs.get(query) ?? [];
    ndcg += ndcgAt(ranked, judged, 10);
    recall += recallAt(ranked, judged, 100);
    mrr += reciprocalRankAt(ranked, judged, 10);
  }
  const n = judgments.size || 1;
  return { 'ndcg@10': ndcg / n, 'recall@100': recall / n, 'mrr@10': mrr / n, queries: judgments.size };
}
