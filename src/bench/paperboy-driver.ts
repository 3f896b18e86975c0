import { join } from 'node:path';
import type { SearchIndex } from '../core/search/search-index.js';
import { buildIndex } from '../corpus/build-index.js';
import { serveSearch } from '../core/answer/search-service.js';
import { loadSnapshot, saveSnapshot } from '../corpus/snapshot.js';
import type { EngineDriver, ServingEngine } from './bench-engine.js';

export const PAPERBOY_SNAPSHOT_FILE = 'index.snapshot';
/** The snapshot is only ever read back by the bench, so any fixed fingerprint will do. */
export const PAPERBOY_FINGERPRINT = 'paperboy-bench';
const SNAPSHOT_FILE = PAPERBOY_SNAPSHOT_FILE;
const FINGERPRINT = PAPERBOY_FINGERPRINT;

function serve(index: SearchIndex): ServingEngine {
  // As the bot serves it: one call per event-loop turn, so a burst of questions never blocks the loop for long.
  const search = serveSearch(index, { defer: setImmediate });
  return {
    async ask(text, limit) {
      const answer = await search.ask(text, { limit });
      return answer.kind === 'answer' ? answer.papers.map((p) => p.paper.id) : [];
    },
    async suggest(prefix) {
      return (await search.suggest(prefix)).map((s) => s.paperId);
    },
    async close() {},
  };
}

/**
 * Paperboy as the bot runs it: `buildIndex` (`SearchIndex.build` on worker threads), the snapshot written by `saveSnapshot` and read by
 * `loadSnapshot` (what `openIndex` does at start-up), and answers from `serveSearch(index)`: `ask(text, { limit })`
 * (the papers of an `answer`; none for a `no-match`) and `suggest(prefix)`, one call per event-loop turn.
 */
export const PAPERBOY_DRIVER: EngineDriver = {
  name: 'paperboy',
  description:
    'buildIndex(papers) (SearchIndex.build, chunks analysed on worker threads), saveSnapshot/loadSnapshot; serveSearch(index): ask(text, { limit: 5 }) papers, suggest(prefix)',
  async build({ papers }) {
    const index = await buildIndex(papers);
    return {
      async save(dir) {
        await saveSnapshot(join(dir, SNAPSHOT_FILE), index, FINGERPRINT);
      },
    };
  },
  async load(dir) {
    const read = await loadSnapshot(join(dir, SNAPSHOT_FILE), FINGERPRINT);
    if (read.kind !== 'loaded') throw new Error(`bench: paperboy snapshot in ${dir} did not load: ${read.reason}`);
    return serve(read.index);
  },
};
