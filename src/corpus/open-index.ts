import type { CorpusProblem } from '../core/paper/paper.js';
import { SEARCH_OPTIONS, type SearchIndex, type SearchOptions } from '../core/search/search-index.js';
import { buildIndex } from './build-index.js';
import { warmUp } from '../core/answer/warm-up.js';
import { loadCorpusReport, saveCorpusReport, type CorpusReport } from './corpus-report.js';
import { corpusFingerprint, loadCorpus } from './read/load-corpus.js';
import type { FirstSeenReader } from './read/merge-works.js';
import { loadSnapshot, saveSnapshot, saveSnapshotChanges, snapshotPath, type SnapshotSave } from './snapshot.js';

/**
 * A snapshot whose changes since its base exceed this share of the base's papers (and
 * {@link COMPACT_MIN_CHANGES}) is indexed afresh at start-up: the changes would cost more to apply on
 * every start than the rebuild costs once, and a large unfrozen tail answers more slowly.
 */
export const COMPACT_SHARE = 0.1;
export const COMPACT_MIN_CHANGES = 200;

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
  /** When the deployment first saw each paper id, read only if papers merge: a merged work keeps its earliest-seen paper's id. */
  firstSeen?: FirstSeenReader | undefined;
}

export interface OpenedIndex {
  index: SearchIndex;
  /**
   * `snapshot`: loaded as saved (with `compacted`, its papers were indexed afresh because it had changed
   * much since its base); `built`: the corpus was read and indexed.
   */
  source: 'snapshot' | 'built';
  compacted?: boolean;
  /** Why the snapshot was not used, when it was not. */
  staleReason?: string;
  /**
   * The snapshot file was there but damaged (foreign, corrupted or cut short), and was rebuilt: worth a
   * warning, and `staleReason` names the file.
   */
  snapshotDamaged?: boolean;
  /** Why the index was built on one thread when worker threads were wanted (they could not start). */
  singleThread?: string;
  /**
   * Problems met the last time the corpus was read whole: now, or (from a snapshot) when the snapshot
   * was written, as its corpus report keeps them.
   */
  problems: CorpusProblem[];
  /** Files skipped (unknown types), likewise. */
  warnings: CorpusProblem[];
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
  const progress = options.onProgress;
  const fingerprint = await corpusFingerprint(options.corpus);
  let staleReason = options.rebuild ? 'rebuild requested' : 'no data directory';
  let snapshotDamaged = false;
  if (options.dataDir !== undefined && !options.rebuild) {
    const path = snapshotPath(options.dataDir, options.corpus);
    const read = await loadSnapshot(path, fingerprint, settings);
    // Without its report a snapshot cannot say what is wrong with the corpus: it is read again.
    const report = read.kind === 'loaded' ? await loadCorpusReport(path, fingerprint) : undefined;
    if (read.kind === 'loaded' && report !== undefined) {
      const { problems, warnings } = report;
      const changed = read.changes.removed + read.changes.added;
      if (changed <= Math.max(COMPACT_MIN_CHANGES, COMPACT_SHARE * read.header.papers)) {
        return { index: read.index, source: 'snapshot', problems, warnings, fingerprint };
      }
      progress?.({ stage: 'indexing', done: 0, total: read.index.paperCount });
      let singleThread: string | undefined;
      const index = await buildIndex(read.index.papers, settings, { onFallback: (e) => (singleThread = String(e)) });
      warmUp(index);
      const opened: OpenedIndex = { index, source: 'snapshot', compacted: true, problems, warnings, fingerprint };
      if (singleThread !== undefined) opened.singleThread = singleThread;
      opened.saved = await saveReported(path, index, report, progress);
      return opened;
    }
    if (read.kind === 'loaded') staleReason = 'no corpus report for this snapshot';
    else {
      staleReason = read.reason;
      snapshotDamaged = read.damaged;
    }
  }
  const corpus = await loadCorpus(options.corpus, {
    firstSeen: options.firstSeen,
    ...(progress ? { onProgress: ({ file, done, total }) => progress({ stage: 'reading', file, done, total }) } : {}),
  });
  let singleThread: string | undefined;
  const index = await buildIndex(corpus.papers, settings, {
    ...(progress ? { onProgress: (done: number, total: number) => progress({ stage: 'indexing', done, total }) } : {}),
    onFallback: (error) => (singleThread = String(error)),
  });
  warmUp(index);
  const { problems, warnings } = corpus;
  const opened: OpenedIndex = { index, source: 'built', staleReason, problems, warnings, fingerprint };
  if (singleThread !== undefined) opened.singleThread = singleThread;
  if (snapshotDamaged) opened.snapshotDamaged = true;
  if (options.dataDir !== undefined) {
    const path = snapshotPath(options.dataDir, options.corpus);
    opened.saved = await saveReported(path, index, { fingerprint, problems, warnings }, progress);
  }
  return opened;
}

/**
 * One line for the user when the snapshot was damaged and rebuilt (undefined otherwise): a cache that
 * silently costs a rebuild on every start would otherwise go unnoticed.
 * @example damagedSnapshotNotice(opened) // 'snapshot data/index-….snapshot was damaged (bad magic "XXXX", expected "PBIX"); rebuilt from the corpus'
 */
function damagedSnapshotNotice(opened: Pick<OpenedIndex, 'snapshotDamaged' | 'staleReason'>): string | undefined {
  if (!opened.snapshotDamaged) return undefined;
  const reason = opened.staleReason ?? 'damaged';
  // `staleReason` reads `snapshot: PATH: WHAT` (loadSnapshot); the path is the file to name.
  const named = /^snapshot: (.+?): (.+)$/s.exec(reason);
  const said = named ? `snapshot ${named[1]} was damaged (${named[2]})` : `${reason}`;
  return `${said}; rebuilt from the corpus`;
}

/**
 * The lines for the user about how the index was opened: a damaged snapshot rebuilt
 * ({@link damagedSnapshotNotice}), or an index built on one thread because worker threads could not start.
 * @example openNotices(opened) // ['indexed on one thread (worker threads could not start: Error: …)']
 */
export function openNotices(opened: Pick<OpenedIndex, 'snapshotDamaged' | 'staleReason' | 'singleThread'>): string[] {
  const damaged = damagedSnapshotNotice(opened);
  return [
    ...(damaged === undefined ? [] : [damaged]),
    ...(opened.singleThread === undefined
      ? []
      : [`indexed on one thread (worker threads could not start: ${opened.singleThread})`]),
  ];
}

/** Saves the snapshot and its corpus report; one that cannot be written is reported, not thrown. */
async function saveReported(
  path: string,
  index: SearchIndex,
  report: CorpusReport,
  progress: ((progress: OpenProgress) => void) | undefined,
): Promise<{ path: string; bytes: number } | { error: string }> {
  progress?.({ stage: 'saving' });
  try {
    const saved = await saveSnapshot(path, index, report.fingerprint);
    await saveCorpusReport(path, report);
    return saved;
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

export interface RefreshSnapshotOptions {
  corpus: string;
  dataDir: string;
  /** The index as changed in place ({@link SearchIndex.update}). */
  index: SearchIndex;
  /** The corpus fingerprint the index now answers for. */
  fingerprint: string;
  /** The corpus's problems and warnings as they are now, kept next to the snapshot for the next start. */
  report: Pick<CorpusReport, 'problems' | 'warnings'>;
}

/** What a refresh wrote, or why it could not (a snapshot is a cache: the bot answers either way). */
export type SnapshotRefresh = SnapshotSave | { kind: 'failed'; error: string };

/** Refreshes of one snapshot, one after another (the last one started is the last one written). */
const refreshing = new Map<string, Promise<unknown>>();

/**
 * Brings the snapshot of `corpus` in `dataDir` up to date after the index changed in place, in the
 * background: normally only the changes since its base are written (milliseconds of work spread over
 * event-loop turns), the whole snapshot only when the file on disk is not this index's base. Refreshes
 * of one snapshot run one after another; call it after each change with the fingerprint of the corpus
 * as the index now reflects it.
 * @example void refreshSnapshot({ corpus, dataDir, index, fingerprint }).then((r) => logger.info(r, 'snapshot'))
 */
export async function refreshSnapshot(options: RefreshSnapshotOptions): Promise<SnapshotRefresh> {
  const path = snapshotPath(options.dataDir, options.corpus);
  const previous = refreshing.get(path) ?? Promise.resolve();
  // Taken now, so what is written is what `fingerprint` describes even if the index changes meanwhile.
  const changes = options.index.changes();
  const run = previous.then(async (): Promise<SnapshotRefresh> => {
    try {
      const { problems, warnings } = options.report;
      await saveCorpusReport(path, { fingerprint: options.fingerprint, problems, warnings });
      return await saveSnapshotChanges(path, options.index, options.fingerprint, changes);
    } catch (error) {
      return { kind: 'failed', error: error instanceof Error ? error.message : String(error) };
    }
  });
  refreshing.set(path, run);
  try {
    return await run;
  } finally {
    if (refreshing.get(path) === run) refreshing.delete(path);
  }
}
