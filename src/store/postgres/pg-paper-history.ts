import type pg from 'pg';
import type { PaperHistory } from '../paper-history.js';
import { inTransaction, iso } from './pg-transaction.js';

/** Ids per statement: one round trip each, well within PostgreSQL's limits on an array parameter. */
const IDS_PER_STATEMENT = 10_000;

/** First-seen times and shown papers in PostgreSQL: global, so a paper is new once for every machine. */
export class PgPaperHistory implements PaperHistory {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  /** Only rows that are new or get an earlier time are written, so a restart's 90,000 known ids cost reads. */
  async recordPapers(ids: Iterable<string>, now: Date): Promise<void> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return;
    const at = now.toISOString();
    await inTransaction(this.#pool, async (client) => {
      for (let start = 0; start < unique.length; start += IDS_PER_STATEMENT) {
        await client.query(
          `INSERT INTO paper_first_seen (paper_id, first_seen) SELECT id, $2 FROM unnest($1::text[]) AS id
           ON CONFLICT (paper_id) DO UPDATE SET first_seen = excluded.first_seen
           WHERE excluded.first_seen < paper_first_seen.first_seen`,
          [unique.slice(start, start + IDS_PER_STATEMENT), at],
        );
      }
    });
  }

  async firstSeen(): Promise<Map<string, string>> {
    const { rows } = await this.#pool.query<{ paper_id: string; first_seen: Date }>(
      'SELECT paper_id, first_seen FROM paper_first_seen',
    );
    return new Map(rows.map((r) => [r.paper_id, iso(r.first_seen)]));
  }

  async lastArrival(): Promise<string | null> {
    const { rows } = await this.#pool.query<{ at: Date | null }>('SELECT max(first_seen) AS at FROM paper_first_seen');
    return iso(rows[0]?.at ?? null);
  }

  async shown(subscriptionId: number): Promise<Map<string, string>> {
    const { rows } = await this.#pool.query<{ paper_id: string; shown_at: Date }>(
      'SELECT paper_id, shown_at FROM shown_papers WHERE subscription_id = $1',
      [subscriptionId],
    );
    return new Map(rows.map((r) => [r.paper_id, iso(r.shown_at)]));
  }

  async recordShown(subscriptionId: number, paperIds: readonly string[], at: Date): Promise<void> {
    if (paperIds.length === 0) return;
    await this.#pool.query(
      `INSERT INTO shown_papers (subscription_id, paper_id, shown_at) SELECT $1, id, $3 FROM unnest($2::text[]) AS id
       ON CONFLICT (subscription_id, paper_id) DO UPDATE SET shown_at = excluded.shown_at`,
      [subscriptionId, [...new Set(paperIds)], at.toISOString()],
    );
  }
}
