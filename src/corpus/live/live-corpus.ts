// The corpus while it is served: batches of changed files (from the watcher) are read, compared with
// what the index holds for those files, and applied to the running index in place, a few hundred papers
// per event-loop turn so questions keep being answered. First-seen times and a log of reloads go to the
// store; the snapshot is refreshed in the background once changes settle.
import type { CorpusReload, IndexingProgress, ReloadedFile } from '../../core/paper/corpus-reload.js';
import type { CorpusProblem, Paper } from '../../core/paper/paper.js';
import type { SearchIndex } from '../../core/search/search-index.js';
import type { PaperHistory } from '../../store/paper-history.js';
import type { ReloadLog } from '../../store/reload-log.js';
import { duplicateIdProblem, stemKey } from '../read/corpus-keys.js';
import type { CorpusFileRead } from '../read/corpus-reader.js';
import { compareSourcesInCorpus, fingerprintFiles, type CorpusFilesRead } from '../read/load-corpus.js';
import { mergeWorks } from '../read/merge-works.js';
import { LiveWorks, readWorkFiles } from './live-works.js';
import { SettledRefresh } from './settled-refresh.js';
import { planWorkChanges } from './work-changes.js';
import type { CorpusChanges } from './watch-corpus.js';

export const LIVE_CORPUS_OPTIONS = {
  /** Papers per index update at most: one update on the full corpus takes well under 50 ms. */
  batchSize: 200,
  /**
   * Time one index update should take; a slower one makes the next smaller (a loaded machine, a large
   * paper), so no question waits long behind a reload. `Infinity` keeps every batch at `batchSize`.
   * 10 ms leaves room for a garbage-collection step landing in the same turn (measured up to ~16 ms on
   * the 87,679-paper index) under the 50 ms a question may wait.
   */
  updateBudgetMs: 10,
  /** Quiet time after the last reload before the snapshot is rewritten. */
  snapshotDelayMs: 2_000,
};

/** A corpus file as the index holds it: what its fingerprint is made of. */
export interface IndexedFile {
  file: string;
  size: number;
  mtimeMs: number;
}

export interface LiveCorpusOptions {
  /** The corpus root (absolute); file names are relative to it. */
  root: string;
  index: SearchIndex;
  /**
   * The corpus files the index was made from, with size and modification time taken before they were
   * read (a walk done before the index was opened, once the watcher was ready).
   */
  files: Iterable<IndexedFile>;
  /** Problems of the corpus when the index was opened (read now, or kept with the snapshot). */
  problems?: readonly CorpusProblem[];
  /** Where first-seen times and reloads are recorded; without it they are not. */
  store?: { papers: Pick<PaperHistory, 'recordPapers' | 'firstSeen'>; reloads: Pick<ReloadLog, 'record'> } | undefined;
  clock?: () => Date;
  /** Lets the event loop run between index updates (`setImmediate` by default). */
  yieldTurn?: () => Promise<void>;
  /** Writes the snapshot of the index for this fingerprint; called in the background after changes settle. */
  refreshSnapshot?: ((fingerprint: string) => Promise<unknown>) | undefined;
  /** Told of every reload once it is applied (to log it). */
  onReload?: (reload: CorpusReload) => void;
  /** A snapshot refresh that failed, or a re-read this corpus started itself (below) that failed. */
  onError?: (error: unknown, what: 'reload' | 'snapshot') => void;
  options?: Partial<typeof LIVE_CORPUS_OPTIONS>;
}

/** The smallest batch the budget may shrink an update to. */
const MIN_BATCH = 10;
/** The first batch of a reload when the budget has not yet been measured. */
const FIRST_BATCH = 25;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Keeps a served index in step with the corpus folder. {@link LiveCorpus.apply} takes one batch of
 * changed files at a time (later calls wait for earlier ones):
 * - each changed file is read alone, with its sidecar ({@link readCorpusFiles}); a sidecar change re-reads
 *   its paper file;
 * - papers of the file that did not change stay where they are; changed ones are replaced; ones no longer
 *   in the file, and every paper of a removed file, leave; new ones join, and their first-seen time is
 *   recorded (an id the store already knows keeps its first time, so a rewritten file brings nothing new);
 * - a file that does not read cleanly keeps the papers it had, untouched, and its problems are reported;
 *   a paper whose id another file already gives is a problem and is left out.
 */
export class LiveCorpus {
  readonly #root: string;
  readonly #index: SearchIndex;
  readonly #store: LiveCorpusOptions['store'];
  readonly #clock: () => Date;
  readonly #yield: () => Promise<void>;
  readonly #options: typeof LIVE_CORPUS_OPTIONS;
  readonly #files = new Map<string, IndexedFile>();
  readonly #problems = new Map<string, CorpusProblem[]>();
  /** The background snapshot refresh, when there is a snapshot to refresh. */
  readonly #snapshot: SettledRefresh | undefined;
  readonly #onReload: LiveCorpusOptions['onReload'];
  readonly #onError: (error: unknown, what: 'reload' | 'snapshot') => void;
  /** Ids left out as duplicates, with the file that gave them: read again once the id is free. */
  readonly #refused = new Map<string, string>();
  /** Which files hold the papers of merged works, and the keys papers read later may share with a work. */
  readonly #works: LiveWorks;
  #queue: Promise<unknown> = Promise.resolve();
  /** Store writes, one after another, off the reload's path: a store that is down never holds up the index. */
  #writes: Promise<void> = Promise.resolve();
  #lastReload: CorpusReload | undefined;
  #progress: IndexingProgress | undefined;
  #changedAt: string | undefined;
  #batch: number;

  constructor(options: LiveCorpusOptions) {
    this.#root = options.root;
    this.#index = options.index;
    this.#works = new LiveWorks(options.index);
    this.#store = options.store;
    this.#clock = options.clock ?? (() => new Date());
    this.#yield = options.yieldTurn ?? nextTurn;
    this.#options = { ...LIVE_CORPUS_OPTIONS, ...options.options };
    // The first batch is small: its cost on this machine is unknown yet, and the next are sized from it.
    const budgeted = Number.isFinite(this.#options.updateBudgetMs);
    this.#batch = budgeted ? Math.min(this.#options.batchSize, FIRST_BATCH) : this.#options.batchSize;
    for (const entry of options.files) this.#files.set(entry.file, { ...entry });
    for (const problem of options.problems ?? []) this.#addProblem(problem);
    this.#onReload = options.onReload;
    this.#onError = options.onError ?? (() => {});
    const refresh = options.refreshSnapshot;
    this.#snapshot =
      refresh &&
      new SettledRefresh({
        refresh,
        fingerprint: () => this.fingerprint(),
        idle: () => this.#reloadsSettled(),
        delayMs: this.#options.snapshotDelayMs,
        onError: (error) => this.#onError(error, 'snapshot'),
      });
  }

  /** The reload under way, or undefined when none is. */
  get indexing(): IndexingProgress | undefined {
    return this.#progress;
  }

  /** The latest reload, or undefined before the first. */
  get lastReload(): CorpusReload | undefined {
    return this.#lastReload;
  }

  /** ISO time a reload last changed a paper, or undefined when none has. */
  get changedAt(): string | undefined {
    return this.#changedAt;
  }

  /** Every problem known in the corpus now: those of the initial build, as updated by each reload. */
  get problems(): CorpusProblem[] {
    return [...this.#problems.values()].flat();
  }

  /** The fingerprint of the corpus as the index holds it, for the snapshot. */
  fingerprint(): string {
    return fingerprintFiles(this.#files.values());
  }

  /** Applies one batch of changes; resolves with what it did. Batches apply one after another. */
  apply(changes: CorpusChanges): Promise<CorpusReload> {
    const run = this.#queue.then(async () => {
      const files = changes.changed.length + changes.removed.length;
      this.#progress = { stage: 'reading', files, done: 0, total: 0, startedAt: this.#clock().toISOString() };
      try {
        return await this.#apply(changes);
      } finally {
        this.#progress = undefined;
      }
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Settles once no reload is running or waiting (including re-reads a reload started itself) and what
   * they record is in the store.
   */
  async idle(): Promise<void> {
    let written: Promise<void>;
    do {
      await this.#reloadsSettled();
      written = this.#writes;
      await written;
    } while (written !== this.#writes || this.#queue !== this.#settledQueue);
  }

  #settledQueue: Promise<unknown> | undefined;

  async #reloadsSettled(): Promise<void> {
    let settled: Promise<unknown>;
    do {
      settled = this.#queue;
      await settled;
    } while (settled !== this.#queue);
    this.#settledQueue = settled;
  }

  /** Stops the background snapshot timer; a refresh that was due is written now. */
  async close(): Promise<void> {
    await (this.#snapshot ? this.#snapshot.close() : this.#reloadsSettled());
    await this.idle();
  }

  async #apply(changes: CorpusChanges): Promise<CorpusReload> {
    const index = this.#index;
    const works = this.#works;
    await works.build(this.#yield);
    const now = this.#clock();

    // A file of 90,000 papers is looked at a slice per event-loop turn, so questions keep being answered.
    let steps = 0;
    const pace = async () => {
      if (++steps % this.#options.batchSize === 0) await this.#yield();
    };

    const read = await readWorkFiles(this.#root, [...changes.changed, ...changes.removed], works, {
      yieldTurn: this.#yield,
      pace,
    });
    const readFiles = [...read.files.map((f) => f.file), ...read.missing];
    // A file that did not read cleanly keeps its papers, and so does every work with a paper in it.
    const kept = read.files.filter((f) => !f.complete && works.worksOfFile(f.file).length > 0);
    const keptFiles = new Set(kept.map((f) => f.file));
    const frozen = new Set<string>();
    for (const file of keptFiles) {
      for (const id of works.worksOfFile(file)) for (const held of [id, ...works.membersOf(id)]) frozen.add(held);
    }
    // The works the index holds for the files read: each work's papers were all read again, so it is made afresh.
    const old = new Map<string, string>(); // work id → its file
    for (const file of readFiles) {
      for (const id of index.idsOfFile(file)) {
        await pace();
        if (!frozen.has(id)) old.set(id, file);
      }
    }

    const problems: CorpusProblem[] = [...read.problems];
    const incoming: Paper[] = [];
    const distinct = new Map<string, string[]>();
    const firstOf = new Map<string, Paper['source']>();
    const reading = new Set(readFiles);
    for (const [id, file] of this.#refused) if (reading.has(file)) this.#refused.delete(id);
    for (const f of read.files) {
      problems.push(...f.problems);
      if (keptFiles.has(f.file)) continue;
      for (const [id, ids] of f.distinct) distinct.set(id, ids);
      for (const paper of f.papers) {
        await pace();
        if (frozen.has(paper.id)) continue;
        const holder = works.holderOf(paper.id);
        const first = firstOf.get(paper.id);
        if ((holder !== undefined && !old.has(holder)) || first !== undefined) {
          const at = first ?? index.paperById(holder!)?.source;
          problems.push(duplicateIdProblem(paper.id, paper.source, at));
          this.#refused.set(paper.id, paper.source.file);
          continue;
        }
        firstOf.set(paper.id, paper.source);
        incoming.push(paper);
      }
    }
    incoming.sort((a, b) => compareSourcesInCorpus(a.source, b.source));
    // A merged work keeps the id of its earliest-seen paper: the store is read only if papers merge.
    const history = this.#store?.papers;
    const merged = await mergeWorks(
      incoming,
      { compareSources: compareSourcesInCorpus, distinct },
      history && (() => history.firstSeen()),
    );

    const report = new Map<string, ReloadedFile>();
    const fileReport = (file: string): ReloadedFile => {
      let entry = report.get(file);
      if (!entry) {
        entry = { file, added: 0, replaced: 0, removed: 0, kept: keptFiles.has(file) };
        report.set(file, entry);
      }
      return entry;
    };
    for (const file of readFiles) fileReport(file);

    const plan = await planWorkChanges({
      old,
      works: merged.papers,
      held: (id) => index.paperById(id),
      report: fileReport,
      pace,
    });
    const { remove, add, added } = plan;
    this.#carryFirstSeen(plan.inherits);
    await this.#update(remove, add);
    for (const paper of plan.before) works.remove(paper);
    for (const paper of add) works.add(paper);
    const store = this.#store;
    if (added.length > 0 && store) this.#record(() => store.papers.recordPapers(added, now));
    this.#remember(read, keptFiles, changes);
    // A file whose paper was left out because another file had its id gets it now that the id is free,
    // as a restart would: it is read again, after this reload.
    const freed = new Set(
      [...remove, ...plan.before.flatMap((p) => (p.merged ?? []).map((m) => m.id))].flatMap(
        (id) => this.#refused.get(id) ?? [],
      ),
    );
    if (freed.size > 0) {
      this.apply({ changed: [...freed], removed: [] }).catch((error: unknown) => this.#onError(error, 'reload'));
    }

    // A file that went before it ever held a paper changed nothing worth a line.
    for (const file of read.missing) if (report.get(file)?.removed === 0) report.delete(file);
    // A file read only because a work it shares changed, and left as it was, is not a line either.
    const asked = new Set([...changes.changed, ...changes.removed]);
    for (const [file, entry] of report) {
      if (!asked.has(file) && entry.added + entry.replaced + entry.removed === 0 && !entry.kept) report.delete(file);
    }

    const reload: CorpusReload = {
      at: now.toISOString(),
      added: added.length,
      replaced: plan.replaced,
      removed: plan.removed,
      files: [...report.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
      problems,
    };
    if (reload.added + reload.replaced + reload.removed > 0 || remove.length > 0) {
      this.#changedAt = reload.at;
      this.#snapshot?.changed();
    }
    if (reload.files.length > 0 || problems.length > 0) {
      this.#lastReload = reload;
      if (store) this.#record(() => store.reloads.record(this.#root, reload));
      this.#onReload?.(reload);
    }
    return reload;
  }

  /** Queues a store write after the previous ones; a failure (the store's retries spent) is reported. */
  #record(write: () => Promise<void>): void {
    this.#writes = this.#writes.then(write).catch((error: unknown) => this.#onError(error, 'reload'));
  }

  /**
   * A work that carries on old works under another id (its first paper changed) keeps their first-seen
   * time, so it is not new. Queued before the reload's own first-seen write, which cannot then win.
   */
  #carryFirstSeen(inherits: ReadonlyMap<string, readonly string[]>): void {
    const store = this.#store?.papers;
    if (!store || inherits.size === 0) return;
    this.#record(async () => {
      const seen = await store.firstSeen();
      for (const [id, from] of inherits) {
        const times = from.flatMap((old) => seen.get(old) ?? []).sort();
        if (times[0] !== undefined) await store.recordPapers([id], new Date(times[0]));
      }
    });
  }

  /** Applies removals and additions a batch at a time, letting queries in between batches. */
  async #update(remove: readonly string[], add: readonly Paper[]): Promise<void> {
    const { batchSize, updateBudgetMs } = this.#options;
    const total = remove.length + add.length;
    if (this.#progress) this.#progress = { ...this.#progress, stage: 'indexing', done: 0, total };
    // Starts where the last reload left off: a machine that was busy then likely still is.
    let size = this.#batch;
    for (let start = 0, end = 0; start < total; start = end) {
      if (start > 0) await this.#yield();
      end = Math.min(total, start + size);
      const began = performance.now();
      this.#index.update({
        remove: remove.slice(Math.min(start, remove.length), Math.min(end, remove.length)),
        add: add.slice(Math.max(0, start - remove.length), Math.max(0, end - remove.length)),
      });
      // A busy machine makes a batch slower: the next one is sized to fit the budget, never above batchSize.
      if (this.#progress) this.#progress = { ...this.#progress, done: end };
      const took = performance.now() - began;
      const fitted = took > 0 ? Math.floor(((end - start) * updateBudgetMs) / took) : batchSize;
      size = Math.max(MIN_BATCH, Math.min(batchSize, fitted));
      this.#batch = size;
    }
  }

  /** Updates what is known of each file read: its facts (for the fingerprint) and its problems. */
  #remember(read: CorpusFilesRead, kept: ReadonlySet<string>, changes: CorpusChanges): void {
    const touched = new Set<string>([
      ...changes.changed,
      ...changes.removed,
      ...read.missing,
      ...read.files.map((f) => f.file),
      ...read.sidecars.map((s) => s.file),
    ]);
    for (const file of touched) this.#problems.delete(file);
    for (const problem of [...read.problems, ...read.files.flatMap((f: CorpusFileRead) => f.problems)]) {
      this.#addProblem(problem);
    }
    // A kept file (and the sidecar beside it) keeps the facts of the version the index holds, so a
    // snapshot written now does not pass for the newer version on disk.
    const keptStems = new Set([...kept].map(stemKey));
    const present = new Set<string>();
    for (const f of read.files) {
      present.add(f.file);
      if (!kept.has(f.file)) this.#files.set(f.file, { file: f.file, size: f.size, mtimeMs: f.mtimeMs });
    }
    for (const s of read.sidecars) {
      present.add(s.file);
      if (!keptStems.has(stemKey(s.file))) this.#files.set(s.file, { ...s });
    }
    for (const file of touched) if (!present.has(file)) this.#files.delete(file);
  }

  #addProblem(problem: CorpusProblem): void {
    const list = this.#problems.get(problem.file);
    if (list) list.push(problem);
    else this.#problems.set(problem.file, [problem]);
  }
}
