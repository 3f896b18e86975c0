import type pg from 'pg';
import type { PaperVotes, VoteKey, VoteStore, VoteToggle } from '../vote-store.js';
import { inTransaction } from './pg-transaction.js';

/** Votes in PostgreSQL: one row per (guild, paper, member), shared by every machine. */
export class PgVotes implements VoteStore {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  /** A concurrent second press by the same member finds the row or the conflict, never two rows. */
  toggle(vote: VoteKey, at: Date): Promise<VoteToggle> {
    const key = [vote.guildId, vote.paperId, vote.userId];
    return inTransaction(this.#pool, async (client) => {
      const removed = await client.query(
        'DELETE FROM votes WHERE guild_id = $1 AND paper_id = $2 AND user_id = $3',
        key,
      );
      if (removed.rowCount === 0) {
        await client.query(
          'INSERT INTO votes (guild_id, paper_id, user_id, at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
          [...key, at.toISOString()],
        );
      }
      const { rows } = await client.query<{ n: string }>(
        'SELECT count(*) AS n FROM votes WHERE guild_id = $1 AND paper_id = $2',
        [vote.guildId, vote.paperId],
      );
      return { voted: removed.rowCount === 0, votes: Number(rows[0]?.n ?? 0) };
    });
  }

  async top(guildId: string, since: Date | null, limit: number): Promise<PaperVotes[]> {
    const { rows } = await this.#pool.query<{ paper_id: string; votes: string }>(
      `SELECT paper_id, count(*) AS votes FROM votes WHERE guild_id = $1 AND ($2::timestamptz IS NULL OR at >= $2)
       GROUP BY paper_id ORDER BY votes DESC, max(at) DESC, paper_id LIMIT $3`,
      [guildId, since?.toISOString() ?? null, limit],
    );
    return rows.map((r) => ({ paperId: r.paper_id, votes: Number(r.votes) }));
  }

  async tally(guildId: string, before: Date): Promise<Map<string, number>> {
    const { rows } = await this.#pool.query<{ paper_id: string; votes: string }>(
      'SELECT paper_id, count(*) AS votes FROM votes WHERE guild_id = $1 AND at < $2 GROUP BY paper_id',
      [guildId, before.toISOString()],
    );
    return new Map(rows.map((r) => [r.paper_id, Number(r.votes)]));
  }

  async count(guildId?: string): Promise<number> {
    const { rows } =
      guildId === undefined
        ? await this.#pool.query<{ n: string }>('SELECT count(*) AS n FROM votes')
        : await this.#pool.query<{ n: string }>('SELECT count(*) AS n FROM votes WHERE guild_id = $1', [guildId]);
    return Number(rows[0]?.n ?? 0);
  }

  async forgetUser(userId: string): Promise<number> {
    const result = await this.#pool.query('DELETE FROM votes WHERE user_id = $1', [userId]);
    return result.rowCount ?? 0;
  }
}
