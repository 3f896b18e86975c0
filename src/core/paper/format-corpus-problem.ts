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
