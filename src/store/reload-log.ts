import type { CorpusReload } from '../core/paper/corpus-reload.js';

/** Reloads kept per corpus: enough to look back over a busy afternoon, small enough never to matter. */
export const RELOADS_KEPT = 50;

/**
 * The live reloads of each corpus (keyed by its absolute path), newest last. Written by the running bot
 * or chat, read by `/about` and by `paperboy corpus check` in another process.
 */
export interface ReloadLog {
  /** Records a reload of `corpus` and forgets all but the latest {@link RELOADS_KEPT} of it. */
  record(corpus: string, reload: CorpusReload): Promise<void>;
  /** The latest reloads of `corpus`, newest first. */
  recent(corpus: string, limit?: number): Promise<CorpusReload[]>;
  /** The latest reload of `corpus`, if it was ever reloaded live. */
  last(corpus: string): Promise<CorpusReload | undefined>;
}
