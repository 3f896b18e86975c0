import type { CorpusProblem } from '../core/paper.js';
import { SEARCH_OPTIONS, SearchIndex, type SearchOptions } from '../core/search-index.js';
import { warmUp } from '../core/warm-up.js';
import { corpusFingerprint, loadCorpus } from './load-corpus.js';
import { loadSnapshot, saveSnapshot, snapshotPath } from './snapshot.js';

/** What opening the index is doing, for a progress line. */
export type OpenProgress =
  | { stage: 'reading'; file: string; done: number; total: number }
  | { stage: 'indexing'; done: number; total: number }
  | { stage: 'saving' };

export interface OpenIndexOptions {
  corpus: string;
  /** Where the snapshot lives; without it the index is built and not saved. */
  dataDir?: string | undefined;
  /** Ignore a matching snapshot and index afresh (the snapshot is then rewritten). */
  rebuild?: boolean;
  options?: SearchOptions;
  onProgress?: (progress: OpenProgress) => void;
}

export interface OpenedIndex {
  index: SearchIndex;
  /** `snapshot`: loaded as saved; `built`: the corpus was read and indexed. */
  source: 'snapshot' | 'built';
  /** Why the snapshot was not used, when it was not. */
  staleReason?: string;
  /** Problems met reading the corpus (only when it was read). */
  problems: CorpusProblem[];
  fingerprint: string;
  /** Where the snapshot was written, or why it could not be. */
  saved?: { path: string; bytes: number } | { error: string };
}

/**
 * The index for a corpus: the snapshot in `dataDir` when it matches the corpus fingerprint, otherwise
 * a fresh build from the corpus, saved as the new snapshot. A snapshot that cannot be written is
 * reported, not fatal: the bot still answers.
 */
export async function openIndex(options: OpenIndexOptions): Promise<OpenedIndex> {
  const settings = options.options ?? SEARCH_OPTIONS;
  const fingerprint = await corpusFingerprint(options.corpus);
  let staleReason = options.rebuild ? 'rebuild requested' : 'no data directory';
  if (options.dataDir !== undefined && !options.rebuild) {
    const read = await loadSnapshot(snapshotPath(options.dataDir, options.corpus), fingerprint, settings);
    if (read.kind === 'loaded') return { index: read.index, source: 'snapshot', problems: [], fingerprint };
    staleReason = read.reason;
  }
  const progress = options.onProgress;
  const corpus = await loadCorpus(
    options.corpus,
    progress ? { onProgress: ({ file, done, total }) => progress({ stage: 'reading', file, done, total }) } : {},
  );
  const index = SearchIndex.build(
    corpus.papers,
    settings,
    progress ? { onProgress: (done, total) => progress({ stage: 'indexing', done, total }) } : {},
  );
  warmUp(index);
  const opened: OpenedIndex = { index, source: 'built', staleReason, problems: corpus.problems, fingerprint };
  if (options.dataDir !== undefined) {
    progress?.({ stage: 'saving' });
    try {
      opened.saved = await saveSnapshot(snapshotPath(options.dataDir, options.corpus), index, fingerprint);
    } catch (error) {
      opened.saved = { error: error instanceof Error ? error.message : String(error) };
    }
  }
  return opened;
}
