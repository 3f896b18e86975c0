import type Database from 'better-sqlite3';
import type { CorpusReload, ReloadedFile } from '../../core/paper/corpus-reload.js';
import type { CorpusProblem } from '../../core/paper/paper.js';

import { RELOADS_KEPT } from '../reload-log.js';

interface ReloadRow {
  id: number;
  corpus: string;
  at: string;
  added: number;
  replaced: number;
  removed: number;
  files: string;
  problems: string;
}

function toReload(row: ReloadRow): CorpusReload {
  return {
    at: row.at,
    added: row.added,
    replaced: row.replaced,
    removed: row.removed,
    files: JSON.parse(row.files) as ReloadedFile[],
    problems: JSON.parse(row.problems) as CorpusProblem[],
  };
}

/**
 * The live reloads of each corpus (keyed by its absolute path), newest last. Written by the running bot
 * or chat, read by `/about` and by `paperboy corpus check` in another process.
 */
export class SqliteReloadLog {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  /** Records a reload of `corpus` and forgets all but the latest {@link RELOADS_KEPT} of it. */
  record(corpus: string, reload: CorpusReload): void {
    this.#db.transaction(() => {
      this.#db
        .prepare(
          `INSERT INTO corpus_reloads (corpus, at, added, replaced, removed, files, problems) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          corpus,
          reload.at,
          reload.added,
          reload.replaced,
          reload.removed,
          JSON.stringify(reload.files),
          JSON.stringify(reload.problems),
        );
      this.#db
        .prepare(
          `DELETE FROM corpus_reloads WHERE corpus = ? AND id NOT IN
             (SELECT id FROM corpus_reloads WHERE corpus = ? ORDER BY id DESC LIMIT ?)`,
        )
        .run(corpus, corpus, RELOADS_KEPT);
    })();
  }

  /** The latest reloads of `corpus`, newest first. None from a store older than the log (opened read-only). */
  recent(corpus: string, limit = 1): CorpusReload[] {
    if (!this.#exists()) return [];
    return this.#db
      .prepare<[string, number], ReloadRow>('SELECT * FROM corpus_reloads WHERE corpus = ? ORDER BY id DESC LIMIT ?')
      .all(corpus, limit)
      .map(toReload);
  }

  /** The latest reload of `corpus`, if it was ever reloaded live. */
  last(corpus: string): CorpusReload | undefined {
    return this.recent(corpus, 1)[0];
  }

  #exists(): boolean {
    return (
      this.#db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'corpus_reloads'`).get() !==
      undefined
    );
  }
}
