import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ask } from '../core/answer.js';
import { suggest } from '../core/lookup.js';
import type { Paper } from '../core/paper.js';
import { SearchIndex } from '../core/search-index.js';
import type { EngineDriver, ServingEngine } from './bench-engine.js';

const PAPERS_FILE = 'papers.json';

function serve(index: SearchIndex): ServingEngine {
  return {
    async ask(text, limit) {
      const answer = ask(index, text, { limit });
      return answer.kind === 'answer' ? answer.papers.map((p) => p.paper.id) : [];
    },
    async suggest(prefix) {
      return suggest(index, prefix).map((s) => s.paperId);
    },
    async close() {},
  };
}

/**
 * Paperboy's own index and answers, called as the bot calls them: `ask(index, text, { limit })` (the
 * papers of an `answer`; none for a `no-match`) and `suggest(index, prefix)`.
 * INTERIM: the core has no snapshot API yet, so the "snapshot" is the papers and loading it rebuilds
 * the index; `load_s` is a rebuild until the snapshot lands.
 */
export const PAPERBOY_DRIVER: EngineDriver = {
  name: 'paperboy',
  description:
    'SearchIndex.build(papers) (chunk index + lookup index + title list); ask(index, text, { limit: 5 }), suggest(index, prefix); ' +
    'INTERIM: no snapshot API yet, load = rebuild from saved papers',
  async build({ papers }) {
    const index = SearchIndex.build(papers);
    return {
      async save(dir) {
        await writeFile(join(dir, PAPERS_FILE), JSON.stringify(index.papers));
      },
    };
  },
  async load(dir) {
    const papers = JSON.parse(await readFile(join(dir, PAPERS_FILE), 'utf8')) as Paper[];
    return serve(SearchIndex.build(papers));
  },
};
