import type Database from 'better-sqlite3';
import type { PaperVotes, VoteKey, VoteToggle } from '../vote-store.js';

/** Votes in SQLite; `asAsync` gives it the {@link VoteStore} interface. */
export class SqliteVotes {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  toggle(vote: VoteKey, at: Date): VoteToggle {
    const db = this.#db;
    const key = [vote.guildId, vote.paperId, vote.userId] as const;
    return db
      .transaction((): VoteToggle => {
        const removed = db
          .prepare('DELETE FROM votes WHERE guild_id = ? AND paper_id = ? AND user_id = ?')
          .run(...key).changes;
        if (removed === 0) {
          db.prepare('INSERT INTO votes (guild_id, paper_id, user_id, at) VALUES (?, ?, ?, ?)').run(
            ...key,
            at.toISOString(),
          );
        }
        const row = db
          .prepare<[string, string], { n: number }>(
            'SELECT count(*) AS n FROM votes WHERE guild_id = ? AND paper_id = ?',
          )
          .get(vote.guildId, vote.paperId);
        return { voted: removed === 0, votes: row?.n ?? 0 };
      })
      .immediate();
  }

  top(guildId: string, since: Date | null, limit: number): PaperVotes[] {
    const rows = this.#db
      .prepare<[string, string, number], { paper_id: string; votes: number }>(
        `SELECT paper_id, count(*) AS votes FROM votes WHERE guild_id = ? AND at >= ?
         GROUP BY paper_id ORDER BY votes DESC, max(at) DESC, paper_id LIMIT ?`,
      )
      .all(guildId, since?.toISOString() ?? '', limit);
    return rows.map((r) => ({ paperId: r.paper_id, votes: r.votes }));
  }

  tally(guildId: string, before: Date): Map<string, number> {
    const rows = this.#db
      .prepare<[string, string], { paper_id: string; votes: number }>(
        'SELECT paper_id, count(*) AS votes FROM votes WHERE guild_id = ? AND at < ? GROUP BY paper_id',
      )
      .all(guildId, before.toISOString());
    return new Map(rows.map((r) => [r.paper_id, r.votes]));
  }

  count(guildId?: string): number {
    const row =
      guildId === undefined
        ? this.#db.prepare<[], { n: number }>('SELECT count(*) AS n FROM votes').get()
        : this.#db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM votes WHERE guild_id = ?').get(guildId);
    return row?.n ?? 0;
  }

  forgetUser(userId: string): number {
    return this.#db.prepare('DELETE FROM votes WHERE user_id = ?').run(userId).changes;
  }
}
