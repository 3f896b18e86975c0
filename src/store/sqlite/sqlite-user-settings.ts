import type Database from 'better-sqlite3';

/** Users' remembered time zone and waiting notice in SQLite (`user_settings`). */
export class SqliteUserSettings {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  timezone(userId: string): string | undefined {
    const row = this.#db
      .prepare<[string], { timezone: string | null }>('SELECT timezone FROM user_settings WHERE user_id = ?')
      .get(userId);
    return row?.timezone ?? undefined;
  }

  setTimezone(userId: string, timezone: string, now: Date): void {
    this.#db
      .prepare(
        `INSERT INTO user_settings (user_id, timezone, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET timezone = excluded.timezone, updated_at = excluded.updated_at`,
      )
      .run(userId, timezone, now.toISOString());
  }

  setNotice(userId: string, notice: string, now: Date): void {
    this.#db
      .prepare(
        `INSERT INTO user_settings (user_id, notice, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET notice = excluded.notice, updated_at = excluded.updated_at`,
      )
      .run(userId, notice, now.toISOString());
  }

  /** Read and cleared in one transaction, so two interactions at once give it once. */
  takeNotice(userId: string): string | undefined {
    return this.#db
      .transaction(() => {
        const row = this.#db
          .prepare<[string], { notice: string | null }>('SELECT notice FROM user_settings WHERE user_id = ?')
          .get(userId);
        if (!row?.notice) return undefined;
        this.#db.prepare('UPDATE user_settings SET notice = NULL WHERE user_id = ?').run(userId);
        return row.notice;
      })
      .immediate();
  }

  forgetUser(userId: string): number {
    return this.#db.prepare('DELETE FROM user_settings WHERE user_id = ?').run(userId).changes;
  }
}
