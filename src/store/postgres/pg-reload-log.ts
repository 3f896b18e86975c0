import type pg from 'pg';
import type { CorpusReload, ReloadedFile } from '../../core/paper/corpus-reload.js';
import type { CorpusProblem } from '../../core/paper/paper.js';
import { RELOADS_KEPT, type ReloadLog } from '../reload-log.js';
import { inTransaction, iso } from './pg-transaction.js';

interface ReloadRow {
  at: Date;
  added: number;
  replaced: number;
  removed: number;
  files: ReloadedFile[];
  problems: CorpusProblem[];
}

function toReload(row: ReloadRow): CorpusReload {
  return {
    at: iso(row.at),
    added: row.added,
    replaced: row.replaced,
    removed: row.removed,
    files: row.files,
    problems: row.problems,
  };
}

/** The live reloads of each corpus in PostgreSQL: every machine logs its own, keyed by its corpus path. */
export class PgReloadLog implements ReloadLog {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  record(corpus: string, reload: CorpusReload): Promise<void> {
    return inTransaction(this.#pool, async (client) => {
      await client.query(
        `INSERT INTO corpus_reloads (corpus, at, added, replaced, removed, files, problems)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          corpus,
          reload.at,
          reload.added,
          reload.replaced,
          reload.removed,
          JSON.stringify(reload.files),
          JSON.stringify(reload.problems),
        ],
      );
      await client.query(
        `DELETE FROM corpus_reloads WHERE corpus = $1 AND id NOT IN
           (SELECT id FROM corpus_reloads WHERE corpus = $1 ORDER BY id DESC LIMIT $2)`,
        [corpus, RELOADS_KEPT],
      );
    });
  }

  async recent(corpus: string, limit = 1): Promise<CorpusReload[]> {
    const { rows } = await this.#pool.query<ReloadRow>(
      'SELECT * FROM corpus_reloads WHERE corpus = $1 ORDER BY id DESC LIMIT $2',
      [corpus, limit],
    );
    return rows.map(toReload);
  }

  async last(corpus: string): Promise<CorpusReload | undefined> {
    return (await this.recent(corpus, 1))[0];
  }
}
