import type Database from 'better-sqlite3';

/** One member's vote: who, for which paper, in which guild. */
export interface VoteKey {
  guildId: string;
  userId: string;
  paperId: string;
}

/** A paper and its votes in a guild over a period. */
export interface PaperVotes {
  paperId: string;
  votes: number;
}

/** What pressing 👍 did: the vote is now counted (`voted`) or withdrawn, and the paper's total in the guild. */
export interface VoteToggle {
  voted: boolean;
  votes: number;
}

/**
 * Votes per guild: a member's vote counts once per paper and can be withdrawn. Asynchronous so that a
 * store on another engine (PostgreSQL) can implement it too.
 */
export interface VoteStore {
  /** Adds the vote, or withdraws it when it is already there; atomic. */
  toggle(vote: VoteKey, at: Date): Promise<VoteToggle>;
  /** The papers with the most votes in a guild cast at or after `since` (all time when null), most first. */
  top(guildId: string, since: Date | null, limit: number): Promise<PaperVotes[]>;
  /** Paper id → votes in the guild cast before `before` (for the digest: votes from earlier days). */
  tally(guildId: string, before: Date): Promise<Map<string, number>>;
  /** How many votes are stored, in one guild or in all. */
  count(guildId?: string): Promise<number>;
  /** Deletes every vote of a member in every guild; how many were deleted. */
  forgetUser(userId: string): Promise<number>;
}

/** {@link VoteStore} on SQLite. */
export class SqliteVoteStore implements VoteStore {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  toggle(vote: VoteKey, at: Date): Promise<VoteToggle> {
    const db = this.#db;
    const key = [vote.guildId, vote.paperId, vote.userId] as const;
    const result = db
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
    return Promise.resolve(result);
  }

  top(guildId: string, since: Date | null, limit: number): Promise<PaperVotes[]> {
    const rows = this.#db
      .prepare<[string, string, number], { paper_id: string; votes: number }>(
        `SELECT paper_id, count(*) AS votes FROM votes WHERE guild_id = ? AND at >= ?
         GROUP BY paper_id ORDER BY votes DESC, max(at) DESC, paper_id LIMIT ?`,
      )
      .all(guildId, since?.toISOString() ?? '', limit);
    return Promise.resolve(rows.map((r) => ({ paperId: r.paper_id, votes: r.votes })));
  }

  tally(guildId: string, before: Date): Promise<Map<string, number>> {
    const rows = this.#db
      .prepare<[string, string], { paper_id: string; votes: number }>(
        'SELECT paper_id, count(*) AS votes FROM votes WHERE guild_id = ? AND at < ? GROUP BY paper_id',
      )
      .all(guildId, before.toISOString());
    return Promise.resolve(new Map(rows.map((r) => [r.paper_id, r.votes])));
  }

  count(guildId?: string): Promise<number> {
    const row =
      guildId === undefined
        ? this.#db.prepare<[], { n: number }>('SELECT count(*) AS n FROM votes').get()
        : this.#db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM votes WHERE guild_id = ?').get(guildId);
    return Promise.resolve(row?.n ?? 0);
  }

  forgetUser(userId: string): Promise<number> {
    return Promise.resolve(this.#db.prepare('DELETE FROM votes WHERE user_id = ?').run(userId).changes);
  }
}
