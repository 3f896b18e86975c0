import type pg from 'pg';
import type { UserSettingsStore } from '../user-settings-store.js';

/** Users' remembered time zone and waiting notice in PostgreSQL (`user_settings`). */
export class PgUserSettings implements UserSettingsStore {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async timezone(userId: string): Promise<string | undefined> {
    const { rows } = await this.#pool.query<{ timezone: string | null }>(
      'SELECT timezone FROM user_settings WHERE user_id = $1',
      [userId],
    );
    return rows[0]?.timezone ?? undefined;
  }

  async setTimezone(userId: string, timezone: string, now: Date): Promise<void> {
    await this.#pool.query(
      `INSERT INTO user_settings (user_id, timezone, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (user_id) DO UPDATE SET timezone = excluded.timezone, updated_at = excluded.updated_at`,
      [userId, timezone, now.toISOString()],
    );
  }

  async setNotice(userId: string, notice: string, now: Date): Promise<void> {
    await this.#pool.query(
      `INSERT INTO user_settings (user_id, notice, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (user_id) DO UPDATE SET notice = excluded.notice, updated_at = excluded.updated_at`,
      [userId, notice, now.toISOString()],
    );
  }

  /** One statement: the row is locked by the update, and the old notice comes back from the subquery. */
  async takeNotice(userId: string): Promise<string | undefined> {
    const { rows } = await this.#pool.query<{ notice: string | null }>(
      `UPDATE user_settings AS s SET notice = NULL
       FROM (SELECT user_id, notice FROM user_settings WHERE user_id = $1 FOR UPDATE) AS old
       WHERE s.user_id = old.user_id AND old.notice IS NOT NULL
       RETURNING old.notice`,
      [userId],
    );
    return rows[0]?.notice ?? undefined;
  }

  async forgetUser(userId: string): Promise<number> {
    const result = await this.#pool.query('DELETE FROM user_settings WHERE user_id = $1', [userId]);
    return result.rowCount ?? 0;
  }
}
