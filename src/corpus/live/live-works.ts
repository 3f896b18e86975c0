// What the live corpus needs to know of the works the index holds beyond what the index keeps itself: which
// files hold the papers merged into a work (the index knows only each work's first file), and which works
// a paper read now may be the same work as (their keys). Built from the index on first use.
import type { Paper } from '../../core/paper/paper.js';
import { workKeys } from '../../core/paper/same-work.js';
import type { SearchIndex } from '../../core/search/search-index.js';
import { readCorpusFiles, type CorpusFilesRead } from '../read/load-corpus.js';

/** Rounds of reading the files of works a change touches (a chain of works across files is rarely long). */
const MAX_WORK_ROUNDS = 4;

/** Papers looked at per event-loop turn while the tables are built (~10 ms of work). */
const BUILD_SLICE = 200;

export class LiveWorks {
  readonly #index: SearchIndex;
  #built = false;
  /** File → ids of the works a paper merged into them came from (not their first paper's file). */
  readonly #memberFiles = new Map<string, Set<string>>();
  /** Id of a paper merged into a work → the work's id. */
  readonly #memberOf = new Map<string, string>();
  /** Work key (`core/paper/same-work.ts`) → ids of the works that have it. */
  readonly #byKey = new Map<string, string[]>();
  /** Work id → its keys, to take it out of {@link #byKey}. */
  readonly #keysOf = new Map<string, string[]>();

  constructor(index: SearchIndex) {
    this.#index = index;
  }

  /** Builds the tables from the index once, a slice of papers per event-loop turn. */
  async build(yieldTurn: () => Promise<void>): Promise<void> {
    if (this.#built) return;
    this.#built = true;
    // By id, not `index.papers`: a loaded snapshot makes each paper on first use, and that is sliced too.
    const ids = [...this.#index.paperIds];
    for (let i = 0; i < ids.length; i++) {
      if (i > 0 && i % BUILD_SLICE === 0) await yieldTurn();
      const paper = this.#index.paperById(ids[i]!);
      if (paper) this.add(paper);
    }
  }

  /** Ids of the works with a paper in `file`: those it comes first in, and those it was merged into. */
  worksOfFile(file: string): string[] {
    return [...this.#index.idsOfFile(file), ...(this.#memberFiles.get(file) ?? [])];
  }

  /** Every file a work's papers come from. */
  filesOf(workId: string): string[] {
    const paper = this.#index.paperById(workId);
    if (!paper) return [];
    return [paper.source.file, ...(paper.merged ?? []).map((m) => m.source.file)];
  }

  /** Ids of the papers merged into a work (not its own). */
  membersOf(workId: string): string[] {
    return (this.#index.paperById(workId)?.merged ?? []).map((m) => m.id);
  }

  /** The works `paper` shares a key with: it may be the same work as them. */
  worksSharing(paper: Paper): string[] {
    const ids = new Set<string>();
    for (const { key } of workKeys(paper)) for (const id of this.#byKey.get(key) ?? []) ids.add(id);
    return [...ids];
  }

  /** The work that holds the paper `id`: itself when the index has it, the work it was merged into, or none. */
  holderOf(id: string): string | undefined {
    return this.#index.ordinalOf(id) !== undefined ? id : this.#memberOf.get(id);
  }

  /** Takes a work (as the index held it) out of the tables. */
  remove(paper: Paper): void {
    for (const member of paper.merged ?? []) {
      this.#memberOf.delete(member.id);
      const ids = this.#memberFiles.get(member.source.file);
      ids?.delete(paper.id);
      if (ids?.size === 0) this.#memberFiles.delete(member.source.file);
    }
    for (const key of this.#keysOf.get(paper.id) ?? []) {
      const ids = (this.#byKey.get(key) ?? []).filter((id) => id !== paper.id);
      if (ids.length > 0) this.#byKey.set(key, ids);
      else this.#byKey.delete(key);
    }
    this.#keysOf.delete(paper.id);
  }

  /** Puts a work the index now holds into the tables. */
  add(paper: Paper): void {
    for (const member of paper.merged ?? []) {
      this.#memberOf.set(member.id, paper.id);
      const ids = this.#memberFiles.get(member.source.file) ?? new Set<string>();
      this.#memberFiles.set(member.source.file, ids.add(paper.id));
    }
    const keys = workKeys(paper).map((k) => k.key);
    this.#keysOf.set(paper.id, keys);
    for (const key of keys) {
      const ids = this.#byKey.get(key);
      if (ids) ids.push(paper.id);
      else this.#byKey.set(key, [paper.id]);
    }
  }
}

/**
 * Reads changed corpus files ({@link readCorpusFiles}), then every file holding a paper of a work they touch
 * or that a paper read may join, until no new file is named (at most {@link MAX_WORK_ROUNDS} rounds): a
 * work is made afresh from all of its papers.
 */
export async function readWorkFiles(
  root: string,
  files: readonly string[],
  works: LiveWorks,
  options: { yieldTurn: () => Promise<void>; pace: () => Promise<void> },
): Promise<CorpusFilesRead> {
  const all: CorpusFilesRead = { files: [], missing: [], sidecars: [], problems: [], warnings: [] };
  const asked = new Set(files);
  let round = [...files];
  for (let n = 0; round.length > 0 && n < MAX_WORK_ROUNDS; n++) {
    const read = await readCorpusFiles(root, round, { yieldTurn: options.yieldTurn });
    all.files.push(...read.files);
    all.missing.push(...read.missing);
    all.sidecars.push(...read.sidecars);
    all.problems.push(...read.problems);
    all.warnings.push(...read.warnings);
    const named = new Set<string>();
    for (const file of [...read.files.map((f) => f.file), ...read.missing]) {
      asked.add(file);
      for (const id of works.worksOfFile(file)) for (const other of works.filesOf(id)) named.add(other);
    }
    for (const f of read.files) {
      for (const paper of f.papers) {
        await options.pace();
        for (const id of works.worksSharing(paper)) for (const other of works.filesOf(id)) named.add(other);
      }
    }
    round = [...named].filter((file) => !asked.has(file));
    for (const file of round) asked.add(file);
  }
  return all;
}
