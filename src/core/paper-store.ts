import type { Paper } from './paper.js';

/**
 * The papers of an index by ordinal. Ids and titles are always at hand (lookups and autocomplete need
 * every one); a whole paper — metadata and text — can be made on first use, so loading a snapshot of
 * 90,000 papers does not build 90,000 objects that a question will never touch.
 */
export class PaperStore {
  readonly ids: readonly string[];
  readonly titles: readonly string[];
  private readonly made: Array<Paper | undefined>;
  private readonly make: (ordinal: number) => Paper;
  private all: readonly Paper[] | undefined;

  private constructor(
    ids: readonly string[],
    titles: readonly string[],
    make: (ordinal: number) => Paper,
    made: Array<Paper | undefined>,
  ) {
    if (ids.length !== titles.length) throw new Error(`PaperStore: ${ids.length} ids for ${titles.length} titles`);
    this.ids = ids;
    this.titles = titles;
    this.make = make;
    this.made = made;
  }

  /** A store over papers already in memory. */
  static of(papers: readonly Paper[]): PaperStore {
    const store = new PaperStore(
      papers.map((p) => p.id),
      papers.map((p) => p.title),
      (ordinal) => papers[ordinal]!,
      [...papers],
    );
    store.all = papers;
    return store;
  }

  /** A store that makes paper `ordinal` with `make` the first time it is asked for. */
  static lazy(ids: readonly string[], titles: readonly string[], make: (ordinal: number) => Paper): PaperStore {
    return new PaperStore(ids, titles, make, new Array<Paper | undefined>(ids.length));
  }

  get count(): number {
    return this.ids.length;
  }

  /** Paper `ordinal` (0 ≤ ordinal < count). */
  get(ordinal: number): Paper {
    let paper = this.made[ordinal];
    if (!paper) {
      if (!(ordinal >= 0 && ordinal < this.count)) throw new RangeError(`PaperStore: no paper ${ordinal}`);
      paper = this.make(ordinal);
      this.made[ordinal] = paper;
    }
    return paper;
  }

  /** Every paper, in order (makes those not made yet). */
  list(): readonly Paper[] {
    this.all ??= this.ids.map((_, ordinal) => this.get(ordinal));
    return this.all;
  }
}
