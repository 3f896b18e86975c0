import type Database from 'better-sqlite3';

/** When each paper was first seen by this deployment, and which papers each subscription has been shown. */
export class SqlitePaperHistory {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  /**
   * Records that these papers are in the corpus at `now`. A paper already known keeps its earliest
   * time, so reloading the corpus never makes an old paper look new.
   */
  recordPapers(ids: Iterable<string>, now: Date): void {
    const at = now.toISOString();
    const upsert = this.#db.prepare(
      `INSERT INTO paper_first_seen (paper_id, first_seen) VALUES (?, ?)
       ON CONFLICT (paper_id) DO UPDATE SET first_seen = min(first_seen, excluded.first_seen)`,
    );
    this.#db.transaction(() => {
      for (const id of ids) upsert.run(id, at);
    })();
  }

  /** First-seen ISO times for every recorded paper. */
  firstSeen(): Map<string, string> {
    const rows = this.#db
      .prepare<[], { paper_id: string; first_seen: string }>('SELECT paper_id, first_seen FROM paper_first_seen')
      .all();
    return new Map(rows.map((r) => [r.paper_id, r.first_seen]));
  }

  /** The last time a paper arrived, or null before the first corpus load. */
  lastArrival(): string | null {
    const row = this.#db.prepare<[], { at: string | null }>('SELECT max(first_seen) AS at FROM paper_first_seen').get();
    return row?.at ?? null;
  }

  /** Papers shown to a subscription, with the last time each was shown. */
  shown(subscriptionId: number): Map<string, string> {
    const rows = this.#db
      .prepare<[number], { paper_id: string; shown_at: string }>(
        'SELECT paper_id, shown_at FROM shown_papers WHERE subscription_id = ?',
      )
      .all(subscriptionId);
    return new Map(rows.map((r) => [r.paper_id, r.shown_at]));
  }

  recordShown(subscriptionId: number, paperIds: readonly string[], at: Date): void {
    const upsert = this.#db.prepare(
      `INSERT INTO shown_papers (subscription_id, paper_id, shown_at) VALUES (?, ?, ?)
       ON CONFLICT (subscription_id, paper_id) DO UPDATE SET shown_at = excluded.shown_at`,
    );
    const iso = at.toISOString();
    this.#db.transaction(() => {
      for (const id of paperIds) upsert.run(subscriptionId, id, iso);
    })();
  }
}
