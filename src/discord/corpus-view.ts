import type { SearchIndex } from '../core/search-index.js';
import { serveSearch } from '../core/search-service.js';
import type { CorpusView } from './command.js';

/**
 * What the bot answers from: the index, and the same index served one call per event-loop turn
 * (`setImmediate`), so Discord's heartbeats and other interactions get a turn between answers.
 * @example corpusView(opened.index, { problems: opened.problems.length })
 */
export function corpusView(
  index: SearchIndex,
  details: { loadedAt?: string; problems?: number; lastChange?: string } = {},
): CorpusView {
  return {
    index,
    search: serveSearch(index, { defer: (task) => setImmediate(task) }),
    loadedAt: details.loadedAt ?? new Date().toISOString(),
    problems: details.problems ?? 0,
    ...(details.lastChange !== undefined ? { lastChange: details.lastChange } : {}),
  };
}
