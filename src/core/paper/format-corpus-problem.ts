import type { CorpusProblem } from './paper.js';

/**
 * One line naming the module, the place and the culprit; line 0 means the whole file.
 * @example formatCorpusProblem({ file: 'x.txt', line: 14, message: 'tag line before any paper' })
 * // 'corpus: x.txt:14: tag line before any paper'
 */
export function formatCorpusProblem(problem: CorpusProblem): string {
  const where = problem.line > 0 ? `${problem.file}:${problem.line}` : problem.file;
  return `corpus: ${where}: ${problem.message}`;
}

/** What a corpus with no papers needs, for every place that warns about one. */
export const EMPTY_CORPUS_HINT = 'put .txt, .jsonl, .md, .pdf or .bib files in it (see docs/corpus.md)';

/**
 * The first `limit` problems in one line, then how many more.
 * @example nameCorpusProblems([a, b, c, d], 2) // 'corpus: a.txt:3: …; corpus: b.bib: …; … and 2 more'
 */
export function nameCorpusProblems(problems: readonly CorpusProblem[], limit = 3): string {
  const named = problems.slice(0, limit).map(formatCorpusProblem).join('; ');
  return problems.length > limit ? `${named}; … and ${problems.length - limit} more` : named;
}

/**
 * The count of `problems` and the first `limit` of them, one line, for a start-up notice.
 * @example countCorpusProblems([{ file: 'x.txt', line: 14, message: 'tag line before any paper' }])
 * // '1 corpus problem: corpus: x.txt:14: tag line before any paper'
 */
export function countCorpusProblems(problems: readonly CorpusProblem[], limit = 3): string {
  const counted = problems.length === 1 ? '1 corpus problem' : `${problems.length} corpus problems`;
  return problems.length === 0 ? counted : `${counted}: ${nameCorpusProblems(problems, limit)}`;
}
