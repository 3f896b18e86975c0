import type { CorpusReload, IndexingProgress } from '../core/paper/corpus-reload.js';
import type { CorpusProblem } from '../core/paper/paper.js';
import type { SearchIndex } from '../core/search/search-index.js';
import { serveSearch } from '../core/answer/search-service.js';
import type { CorpusView } from './command.js';

/** A corpus that reloads while it is served, as the bot reports it (the live corpus, in the composition root). */
export interface LiveCorpusStatus {
  readonly lastReload: CorpusReload | undefined;
  /** A reload under way: what it is doing and how far it got. */
  readonly indexing?: IndexingProgress | undefined;
  /** Problems in the corpus now (those of the load, as later reloads updated them). */
  readonly problems: readonly CorpusProblem[];
}

/**
 * What the bot answers from: the index, and the same index served one call per event-loop turn
 * (`setImmediate`), so Discord's heartbeats and other interactions get a turn between answers. With
 * `live`, the problems and the last reload are read from it each time the view is asked.
 * @example corpusView(opened.index, { problems: opened.problems })
 */
export function corpusView(
  index: SearchIndex,
  details: {
    loadedAt?: string;
    problems?: readonly CorpusProblem[];
    lastChange?: string;
    live?: LiveCorpusStatus;
  } = {},
): CorpusView {
  const loadedAt = details.loadedAt ?? new Date().toISOString();
  const search = serveSearch(index, { defer: (task) => setImmediate(task) });
  const { live } = details;
  if (live) {
    return {
      index,
      search,
      loadedAt,
      get problems() {
        return live.problems;
      },
      get lastReload() {
        return live.lastReload;
      },
      get indexing() {
        return live.indexing;
      },
    };
  }
  return {
    index,
    search,
    loadedAt,
    problems: details.problems ?? [],
    ...(details.lastChange !== undefined ? { lastChange: details.lastChange } : {}),
  };
}
