import type { Paper } from '../paper/paper.js';

/** A change to the papers of an index: ids to remove, papers to add (replacing a paper with the same id). */
export interface IndexChange {
  remove?: Iterable<string>;
  add?: readonly Paper[];
}

/** What an {@link SearchIndex.update} did, by paper id. */
export interface IndexUpdate {
  /** Papers that were not in the index and now are. */
  added: string[];
  /** Papers that were in the index and no longer are. */
  removed: string[];
  /** Papers that were in the index and now are in their new version. */
  replaced: string[];
  /** Papers added exactly as the index already held them: left as they were. */
  unchanged: string[];
}

/**
 * How an index differs from the one it was built or loaded as (its base): what a snapshot saves next to
 * the base, and applies again on load.
 */
export interface IndexChanges {
  /** Ids of base papers no longer in the index. */
  removed: string[];
  /** Papers added since (new, or new versions of base papers), in the order they were added. */
  added: Paper[];
}
