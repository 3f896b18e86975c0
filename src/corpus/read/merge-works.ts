import { mergeSameWorks, type MergedCorpus, type MergeOptions } from '../../core/paper/merge-papers.js';
import type { Paper } from '../../core/paper/paper.js';

/** Reads when the deployment first saw each paper id (from the store); undefined when it cannot say. */
export type FirstSeenReader = () => Promise<ReadonlyMap<string, string> | undefined>;

/**
 * {@link mergeSameWorks}, reading first-seen times only when some papers are merged: they matter only
 * to choose the id a merged work keeps, so a corpus without duplicates never reads the store. A store that
 * cannot be read leaves the corpus order to choose.
 * @example await mergeWorks(papers, { distinct }, () => store.papers.firstSeen())
 */
export async function mergeWorks(
  papers: readonly Paper[],
  options: Omit<MergeOptions, 'firstSeen'>,
  readFirstSeen: FirstSeenReader | undefined,
): Promise<MergedCorpus> {
  const merged = mergeSameWorks(papers, options);
  if (merged.merges.length === 0 || !readFirstSeen) return merged;
  const seen = await readFirstSeen().catch(() => undefined);
  return seen ? mergeSameWorks(papers, { ...options, firstSeen: (id) => seen.get(id) }) : merged;
}
