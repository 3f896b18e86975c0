import { dirname } from 'node:path/posix';
import type { CorpusProblem, Paper } from '../../core/paper/paper.js';
import { classifyFile } from './corpus-format.js';

/**
 * `dir/NAME` of a corpus file: a paper file, its sidecar (`NAME.meta.yaml`) and its siblings with the
 * same `NAME` share it, and only they are read together. Undefined for a file the corpus does not read.
 * @example stemKey('papers/mae.pdf') === stemKey('papers/mae.meta.yaml') // 'papers/mae'
 */
export function stemKey(file: string): string | undefined {
  const kind = classifyFile(file);
  return kind.kind === 'unknown' ? undefined : `${dirname(file)}/${kind.stem}`;
}

/**
 * The problem of a paper whose id an earlier paper already gave (at `first`, when known): the first is
 * kept, the later one left out.
 * @example duplicateIdProblem('g1', { file: 'copy.jsonl', line: 1 }, { file: 'graphs.jsonl', line: 1 })
 */
export function duplicateIdProblem(id: string, at: Paper['source'], first: Paper['source'] | undefined): CorpusProblem {
  const where = first ? `${first.file}:${first.line}` : 'another file';
  return {
    file: at.file,
    line: at.line,
    message: `duplicate id ${JSON.stringify(id)}, first seen at ${where}; kept the first`,
  };
}
