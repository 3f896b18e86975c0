import type { Paper } from '../../paper/paper.js';

/** Each paper's corpus file as a number into a list of file names (compact, and known without the paper). */
export interface PaperFiles {
  names: readonly string[];
  /** Per paper ordinal, its file's position in `names`. */
  of: Uint32Array;
}

/**
 * The papers of an index by ordinal. Ids, titles and files are always at hand (lookups, autocomplete
 * and a changed corpus file need every one); a whole paper — metadata and text — can be made on first
 * use, so loading a snapshot of 90,000 papers does not build 90,000 objects that a question will never
 * touch. Papers added later get the next ordinals; a removed paper's ordinal is never reused, and the
 * lists ({@link ids}, {@link titles}, {@link list}) hold live papers only, in ordinal order.
 */
export class PaperStore {
  /** Papers the store was made with (built or loaded): ordinals below this. */
  readonly baseCount: number;
  private readonly allIds: string[];
  private readonly allTitles: string[];
  private readonly fileNames: string[];
  private readonly fileNumbers: Map<string, number>;
  private fileOf: Uint32Array;
  private readonly made: Array<Paper | undefined>;
  private readonly make: (ordinal: number) => Paper;
  /** Removed papers (1), allocated on the first removal. */
  private dead: Uint8Array | undefined;
  private removedCount = 0;
  private live: { ids?: readonly string[]; titles?: readonly string[]; papers?: readonly Paper[] } = {};

  private constructor(
    ids: readonly string[],
    titles: readonly string[],
    files: PaperFiles,
    make: (ordinal: number) => Paper,
    made: Array<Paper | undefined>,
  ) {
    if (ids.length !== titles.length) throw new Error(`PaperStore: ${ids.length} ids for ${titles.length} titles`);
    if (files.of.length !== ids.length) throw new Error(`PaperStore: ${ids.length} ids for ${files.of.length} files`);
    this.baseCount = ids.length;
    this.allIds = [...ids];
    this.allTitles = [...titles];
    this.fileNames = [...files.names];
    this.fileNumbers = new Map(this.fileNames.map((name, n) => [name, n]));
    this.fileOf = files.of;
    this.make = make;
    this.made = made;
  }

  /** A store over papers already in memory. */
  static of(papers: readonly Paper[]): PaperStore {
    const store = new PaperStore(
      papers.map((p) => p.id),
      papers.map((p) => p.title),
      filesOf(papers),
      (ordinal) => papers[ordinal]!,
      [...papers],
    );
    store.live.papers = papers;
    return store;
  }

  /** A store that makes paper `ordinal` with `make` the first time it is asked for. */
  static lazy(
    ids: readonly string[],
    titles: readonly string[],
    files: PaperFiles,
    make: (ordinal: number) => Paper,
  ): PaperStore {
    return new PaperStore(ids, titles, files, make, new Array<Paper | undefined>(ids.length));
  }

  /** Live papers. */
  get count(): number {
    return this.allIds.length - this.removedCount;
  }

  /** Ordinals handed out: live and removed papers. */
  get size(): number {
    return this.allIds.length;
  }

  /** Ids of the live papers, in ordinal order. */
  get ids(): readonly string[] {
    if (this.removedCount === 0) return this.allIds;
    return (this.live.ids ??= this.allIds.filter((_, ordinal) => this.dead![ordinal] !== 1));
  }

  /** Titles of the live papers, in ordinal order. */
  get titles(): readonly string[] {
    if (this.removedCount === 0) return this.allTitles;
    return (this.live.titles ??= this.allTitles.filter((_, ordinal) => this.dead![ordinal] !== 1));
  }

  idAt(ordinal: number): string {
    return this.allIds[ordinal]!;
  }

  titleAt(ordinal: number): string {
    return this.allTitles[ordinal]!;
  }

  /** The corpus file paper `ordinal` came from. */
  fileAt(ordinal: number): string {
    return this.fileNames[this.fileOf[ordinal]!]!;
  }

  isLive(ordinal: number): boolean {
    return ordinal >= 0 && ordinal < this.allIds.length && this.dead?.[ordinal] !== 1;
  }

  /** Paper `ordinal` (0 ≤ ordinal < size); a removed paper that came with the store can still be made. */
  get(ordinal: number): Paper {
    let paper = this.made[ordinal];
    if (!paper) {
      if (!(ordinal >= 0 && ordinal < this.allIds.length)) throw new RangeError(`PaperStore: no paper ${ordinal}`);
      if (ordinal >= this.baseCount) throw new RangeError(`PaperStore: paper ${ordinal} was removed`);
      paper = this.make(ordinal);
      this.made[ordinal] = paper;
    }
    return paper;
  }

  /**
   * Paper `ordinal` for a passing look (a filter's facets, a phrase check): the one made already, else made
   * afresh and not kept, so reading every paper's metadata once does not hold every paper's text in memory.
   */
  peek(ordinal: number): Paper {
    const made = this.made[ordinal];
    if (made) return made;
    if (!(ordinal >= 0 && ordinal < this.allIds.length)) throw new RangeError(`PaperStore: no paper ${ordinal}`);
    if (ordinal >= this.baseCount) throw new RangeError(`PaperStore: paper ${ordinal} was removed`);
    return this.make(ordinal);
  }

  /** Every live paper, in ordinal order (makes those not made yet). */
  list(): readonly Paper[] {
    this.live.papers ??= this.ordinals().map((ordinal) => this.get(ordinal));
    return this.live.papers;
  }

  /** Ids of the live papers from `file`, in ordinal order, without making any paper. */
  idsOfFile(file: string): string[] {
    const number = this.fileNumbers.get(file);
    const ids: string[] = [];
    if (number === undefined) return ids;
    for (let ordinal = 0; ordinal < this.allIds.length; ordinal++) {
      if (this.fileOf[ordinal] === number && this.dead?.[ordinal] !== 1) ids.push(this.allIds[ordinal]!);
    }
    return ids;
  }

  /** Adds a paper under the next ordinal, which it returns. */
  append(paper: Paper): number {
    const ordinal = this.allIds.length;
    this.allIds.push(paper.id);
    this.allTitles.push(paper.title);
    this.made[ordinal] = paper;
    let file = this.fileNumbers.get(paper.source.file);
    if (file === undefined) {
      file = this.fileNames.push(paper.source.file) - 1;
      this.fileNumbers.set(paper.source.file, file);
    }
    if (ordinal >= this.fileOf.length) {
      const larger = new Uint32Array(Math.max(ordinal + 1, Math.ceil(this.fileOf.length * 1.25) + 64));
      larger.set(this.fileOf);
      this.fileOf = larger;
    }
    this.fileOf[ordinal] = file;
    this.live = {};
    return ordinal;
  }

  /** Removes paper `ordinal`; its ordinal is not reused. */
  remove(ordinal: number): void {
    if (!this.isLive(ordinal)) throw new RangeError(`PaperStore: no live paper ${ordinal}`);
    if (!this.dead || this.dead.length < this.allIds.length) {
      const dead = new Uint8Array(Math.ceil(this.allIds.length * 1.25) + 64);
      if (this.dead) dead.set(this.dead);
      this.dead = dead;
    }
    this.dead[ordinal] = 1;
    this.removedCount++;
    // A paper added later and removed again is gone for good; one the store came with is kept for its snapshot.
    if (ordinal >= this.baseCount) this.made[ordinal] = undefined;
    this.live = {};
  }

  /** Ids of the papers the store came with that were removed since, in ordinal order. */
  removedBaseIds(): string[] {
    const ids: string[] = [];
    if (!this.dead) return ids;
    for (let ordinal = 0; ordinal < this.baseCount; ordinal++)
      if (this.dead[ordinal] === 1) ids.push(this.allIds[ordinal]!);
    return ids;
  }

  /** Live papers added since the store was made, in ordinal order. */
  addedPapers(): Paper[] {
    const papers: Paper[] = [];
    for (let ordinal = this.baseCount; ordinal < this.allIds.length; ordinal++) {
      if (this.dead?.[ordinal] !== 1) papers.push(this.made[ordinal]!);
    }
    return papers;
  }

  /** The papers the store came with, removed ones included: what a snapshot's base holds. */
  base(): { ids: readonly string[]; titles: readonly string[]; files: PaperFiles; paper: (ordinal: number) => Paper } {
    return {
      ids: this.allIds.slice(0, this.baseCount),
      titles: this.allTitles.slice(0, this.baseCount),
      files: { names: this.fileNames, of: this.fileOf.subarray(0, this.baseCount) },
      // A snapshot reads every paper once: those not made yet are made for it and not kept.
      paper: (ordinal) => this.made[ordinal] ?? this.make(ordinal),
    };
  }

  private ordinals(): number[] {
    const ordinals: number[] = [];
    for (let ordinal = 0; ordinal < this.allIds.length; ordinal++)
      if (this.dead?.[ordinal] !== 1) ordinals.push(ordinal);
    return ordinals;
  }
}

function filesOf(papers: readonly Paper[]): PaperFiles {
  const numbers = new Map<string, number>();
  const of = new Uint32Array(papers.length);
  papers.forEach((paper, ordinal) => {
    let number = numbers.get(paper.source.file);
    if (number === undefined) numbers.set(paper.source.file, (number = numbers.size));
    of[ordinal] = number;
  });
  return { names: [...numbers.keys()], of };
}
