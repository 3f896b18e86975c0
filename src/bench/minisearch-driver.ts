import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import MiniSearch, { type Options } from 'minisearch';
import type { EngineDriver, ServingEngine } from './bench-engine.js';
import { lastTermIsPartial } from './query-terms.js';
import { takeTurns } from './take-turns.js';

interface PaperDocument {
  id: string;
  title: string;
  text: string;
}

/** MiniSearch's defaults except the fields it must be told: no stemming, no stop words, no boosts. */
const OPTIONS: Options<PaperDocument> = { fields: ['title', 'text'] };
const SNAPSHOT_FILE = 'minisearch.json';
const SUGGESTIONS = 25;

function serve(index: MiniSearch<PaperDocument>): ServingEngine {
  const turn = takeTurns();
  return {
    ask(text, limit) {
      return turn(() =>
        index
          .search(text)
          .slice(0, limit)
          .map((r) => String(r.id)),
      );
    },
    suggest(prefix) {
      const partial = lastTermIsPartial(prefix);
      return turn(() =>
        index
          .search(prefix, {
            fields: ['title'],
            combineWith: 'AND',
            prefix: (_term, i, terms) => partial && i === terms.length - 1,
          })
          .slice(0, SUGGESTIONS)
          .map((r) => String(r.id)),
      );
    },
    async close() {},
  };
}

/**
 * Plain MiniSearch as a user would first set it up: one document per paper (title + abstract),
 * default options, the whole index serialised with `JSON.stringify` and read back with `loadJSON`.
 * `ask` is a default search (OR, BM25+, no prefix, no fuzzy); `suggest` searches titles only with
 * every word required and the unfinished last word as a prefix, top 25. Calls take turns on the event
 * loop as Paperboy's do.
 */
export const MINISEARCH_DRIVER: EngineDriver = {
  name: 'minisearch',
  description:
    'MiniSearch 7 defaults (fields title+text, no stemming/stop words), one document per paper; ' +
    'ask = search(text) top 5; suggest = title-only AND search, unfinished last word as prefix, top 25; ' +
    'one call per event-loop turn',
  async build({ papers }) {
    const index = new MiniSearch<PaperDocument>(OPTIONS);
    index.addAll(papers.map((p) => ({ id: p.id, title: p.title, text: p.text })));
    return {
      async save(dir) {
        await writeFile(join(dir, SNAPSHOT_FILE), JSON.stringify(index));
      },
    };
  },
  async load(dir) {
    const json = await readFile(join(dir, SNAPSHOT_FILE), 'utf8');
    return serve(MiniSearch.loadJSON<PaperDocument>(json, OPTIONS));
  },
};
