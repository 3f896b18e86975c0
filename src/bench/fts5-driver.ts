import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { EngineDriver, ServingEngine } from './bench-engine.js';
import { lastTermIsPartial, queryTerms } from './query-terms.js';
import { takeTurns } from './take-turns.js';

const SNAPSHOT_FILE = 'fts5.sqlite';
const SUGGESTIONS = 25;

/** A term as an FTS5 string: quoted, so words such as `AND`, `NEAR` or `col:` are never syntax. */
function quote(term: string): string {
  return `"${term.replaceAll('"', '""')}"`;
}

/** Any query word may match; bm25 ranks. Empty when the text has no words (FTS5 rejects an empty query). */
export function fts5AskQuery(text: string): string {
  return queryTerms(text).map(quote).join(' OR ');
}

/** Every word must be in the title; an unfinished last word is a prefix (`"gestu"*`). */
export function fts5SuggestQuery(text: string): string {
  const terms = queryTerms(text).map(quote);
  if (terms.length === 0) return '';
  if (lastTermIsPartial(text)) terms[terms.length - 1] += '*';
  return `title : (${terms.join(' AND ')})`;
}

function serve(db: Database.Database): ServingEngine {
  const search = db.prepare<[string, number], { id: string }>(
    'SELECT id FROM papers WHERE papers MATCH ? ORDER BY bm25(papers) LIMIT ?',
  );
  const turn = takeTurns();
  const run = (query: string, limit: number): Promise<string[]> =>
    turn(() => (query === '' ? [] : search.all(query, limit).map((row) => row.id)));
  return {
    ask(text, limit) {
      return run(fts5AskQuery(text), limit);
    },
    suggest(prefix) {
      return run(fts5SuggestQuery(prefix), SUGGESTIONS);
    },
    async close() {
      db.close();
    },
  };
}

/**
 * SQLite FTS5 through better-sqlite3 as a user would set it up: one row per paper, `title` and
 * `text` columns with the porter tokenizer, `bm25()` ranking, merged with `optimize` after the load.
 * The snapshot is the database file; it is loaded whole into memory (`new Database(buffer)`), so its
 * memory counts in the process like the other engines' indexes and no query waits on the disk. Calls
 * take turns on the event loop as Paperboy's do.
 */
export const FTS5_DRIVER: EngineDriver = {
  name: 'fts5',
  description:
    "SQLite FTS5 (better-sqlite3, tokenize='porter unicode61', bm25), one row per paper (title, text), " +
    'file loaded into memory; ask = quoted terms OR-ed, top 5; suggest = title : (all terms AND, last "tok"*), top 25; ' +
    'one call per event-loop turn',
  async build({ papers }) {
    const db = new Database(':memory:');
    db.exec("CREATE VIRTUAL TABLE papers USING fts5(id UNINDEXED, title, text, tokenize = 'porter unicode61')");
    const insert = db.prepare('INSERT INTO papers (id, title, text) VALUES (?, ?, ?)');
    db.transaction(() => {
      for (const p of papers) insert.run(p.id, p.title, p.text);
    })();
    db.exec("INSERT INTO papers (papers) VALUES ('optimize')");
    return {
      async save(dir) {
        await writeFile(join(dir, SNAPSHOT_FILE), db.serialize());
        db.close();
      },
    };
  },
  async load(dir) {
    return serve(new Database(await readFile(join(dir, SNAPSHOT_FILE))));
  },
};
