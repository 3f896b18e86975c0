import type { CorpusProblem } from './paper.js';

/** What a reload did to one file of the corpus. */
export interface ReloadedFile {
  /** Corpus-relative path. */
  file: string;
  added: number;
  replaced: number;
  removed: number;
  /**
   * The file could not be read cleanly (a copy cut short, a syntax error): its papers indexed before
   * were kept exactly as they were, and nothing of the new version was applied.
   */
  kept: boolean;
}

/** One live reload of the corpus: when, what changed in which files, and what was wrong. */
export interface CorpusReload {
  /** ISO time the change was applied. */
  at: string;
  /** Papers that joined, were replaced by a changed version, or left. */
  added: number;
  replaced: number;
  removed: number;
  /** Files that changed something or were kept, in corpus order. */
  files: ReloadedFile[];
  /** Problems found in the files read, each naming file and line. */
  problems: CorpusProblem[];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `2 papers added, 1 replaced`: the noun goes with the first number. */
function changes(f: Pick<ReloadedFile, 'added' | 'replaced' | 'removed'>, noun: boolean): string | undefined {
  const parts = (
    [
      [f.added, 'added'],
      [f.replaced, 'replaced'],
      [f.removed, 'removed'],
    ] as const
  ).filter(([n]) => n > 0);
  if (parts.length === 0) return undefined;
  return parts.map(([n, what], i) => `${i === 0 && noun ? plural(n, 'paper') : n} ${what}`).join(', ');
}

/**
 * What a reload changed, in one line.
 * @example summarizeReload({ at, added: 2, replaced: 0, removed: 1, files: [a, b], problems: [] })
 * // '2 papers added, 1 removed in 2 files'
 */
export function summarizeReload(reload: Omit<CorpusReload, 'at'>): string {
  const kept = reload.files.filter((f) => f.kept).length;
  return [
    `${changes(reload, true) ?? 'no paper changed'} in ${plural(reload.files.length, 'file')}`,
    ...(kept > 0 ? [`${plural(kept, 'file')} kept as before`] : []),
    ...(reload.problems.length > 0 ? [plural(reload.problems.length, 'problem')] : []),
  ].join('; ');
}

/**
 * One line per file (at most `limit`, then how many more): what changed in it.
 * @example describeReloadedFiles(reload) // ['new.pdf: 1 paper added', 'bad.pdf: not read cleanly; its papers are kept as they were']
 */
export function describeReloadedFiles(reload: Pick<CorpusReload, 'files'>, limit = 10): string[] {
  const lines = reload.files
    .slice(0, limit)
    .map((f) =>
      f.kept
        ? `${f.file}: not read cleanly; its papers are kept as they were`
        : `${f.file}: ${changes(f, true) ?? 'no paper changed'}`,
    );
  if (reload.files.length > limit) lines.push(`… and ${plural(reload.files.length - limit, 'more file')}`);
  return lines;
}

/** A live reload under way, as `/about` shows it: reading the changed files, then indexing their papers. */
export interface IndexingProgress {
  stage: 'reading' | 'indexing';
  /** Files the reload reads. */
  files: number;
  /** Paper changes (additions and removals) applied so far, and in all (0 while reading). */
  done: number;
  total: number;
  /** ISO time the reload began. */
  startedAt: string;
}
