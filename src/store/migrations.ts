import type Database from 'better-sqlite3';

/** One schema step. Steps are append-only: never edit one that has shipped, add the next. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'digest subscriptions, send ledger, paper history',
    sql: `
      CREATE TABLE subscriptions (
        id            INTEGER PRIMARY KEY,
        guild_id      TEXT NOT NULL,
        channel_id    TEXT NOT NULL,
        time          TEXT NOT NULL CHECK (time GLOB '[0-2][0-9]:[0-5][0-9]'),
        timezone      TEXT NOT NULL CHECK (length(timezone) > 0),
        topic         TEXT NOT NULL DEFAULT '',
        max_papers    INTEGER NOT NULL CHECK (max_papers BETWEEN 1 AND 10),
        status        TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'disabled')),
        status_reason TEXT,
        created_by    TEXT NOT NULL,
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL
      );
      CREATE INDEX subscriptions_by_guild ON subscriptions (guild_id, channel_id);

      -- The exactly-once ledger. A scheduled row is unique per (subscription, local date); it is claimed
      -- by one owner until lease_expires_at, then marked sent with the message id. Manual posts
      -- (/digest now) are recorded too, so "since the last digest" counts them, but never block a slot.
      CREATE TABLE digest_sends (
        id               INTEGER PRIMARY KEY,
        subscription_id  INTEGER NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
        local_date       TEXT NOT NULL,
        kind             TEXT NOT NULL CHECK (kind IN ('scheduled', 'manual')),
        state            TEXT NOT NULL CHECK (state IN ('claimed', 'sent')),
        nonce            TEXT NOT NULL CHECK (length(nonce) BETWEEN 1 AND 25),
        claimed_by       TEXT NOT NULL,
        claimed_at       TEXT NOT NULL,
        lease_expires_at TEXT NOT NULL,
        attempts         INTEGER NOT NULL DEFAULT 1,
        last_error       TEXT,
        payload          TEXT,
        paper_ids        TEXT,
        message_id       TEXT,
        sent_at          TEXT
      );
      CREATE UNIQUE INDEX digest_sends_once_per_day ON digest_sends (subscription_id, local_date)
        WHERE kind = 'scheduled';
      CREATE INDEX digest_sends_by_subscription ON digest_sends (subscription_id, sent_at);

      CREATE TABLE shown_papers (
        subscription_id INTEGER NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
        paper_id        TEXT NOT NULL,
        shown_at        TEXT NOT NULL,
        PRIMARY KEY (subscription_id, paper_id)
      ) WITHOUT ROWID;

      CREATE TABLE paper_first_seen (
        paper_id   TEXT PRIMARY KEY,
        first_seen TEXT NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    name: 'subscription drafts awaiting confirmation',
    sql: `
      -- /digest subscribe shows a preview first; the settings wait here until the user confirms. In SQLite
      -- rather than memory so a restart between preview and click does not lose them.
      CREATE TABLE subscription_drafts (
        token       TEXT PRIMARY KEY,
        guild_id    TEXT NOT NULL,
        channel_id  TEXT NOT NULL,
        time        TEXT NOT NULL,
        timezone    TEXT NOT NULL,
        topic       TEXT NOT NULL,
        max_papers  INTEGER NOT NULL,
        created_by  TEXT NOT NULL,
        expires_at  TEXT NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 3,
    name: 'corpus reload log',
    sql: `
      -- What each live reload of a corpus changed, so \`/about\` and \`paperboy corpus check\` can say so,
      -- also from another process. files and problems are JSON arrays. Pruned to the latest few per corpus.
      CREATE TABLE corpus_reloads (
        id        INTEGER PRIMARY KEY,
        corpus    TEXT NOT NULL,
        at        TEXT NOT NULL,
        added     INTEGER NOT NULL CHECK (added >= 0),
        replaced  INTEGER NOT NULL CHECK (replaced >= 0),
        removed   INTEGER NOT NULL CHECK (removed >= 0),
        files     TEXT NOT NULL,
        problems  TEXT NOT NULL
      );
      CREATE INDEX corpus_reloads_by_corpus ON corpus_reloads (corpus, id);
    `,
  },
  {
    version: 4,
    name: 'votes',
    sql: `
      -- One row per member's vote for a paper in a guild: who, what, when, and nothing else. Pressing 👍
      -- again deletes the row; /forget deletes a member's rows in every guild.
      CREATE TABLE votes (
        guild_id  TEXT NOT NULL,
        paper_id  TEXT NOT NULL,
        user_id   TEXT NOT NULL,
        at        TEXT NOT NULL,
        PRIMARY KEY (guild_id, paper_id, user_id)
      ) WITHOUT ROWID;
      CREATE INDEX votes_by_guild_time ON votes (guild_id, at);
      CREATE INDEX votes_by_user ON votes (user_id);
    `,
  },
  {
    version: 5,
    name: 'conversations',
    sql: `
      -- Follow-up conversations (issue 13), keyed thread:<id>, dm:<channel id> or terminal:<session>. value is
      -- JSON: the last 20 turns (question, how it was read, papers answered) and the papers in focus. owner is
      -- the user /forget drops it for (the DM's user, who opened the thread), null in the terminal. A day
      -- without a turn and it expires.
      CREATE TABLE conversations (
        key         TEXT PRIMARY KEY,
        owner       TEXT,
        value       TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        expires_at  TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX conversations_by_owner ON conversations (owner);
      CREATE INDEX conversations_by_expiry ON conversations (expires_at);
    `,
  },
  {
    version: 6,
    name: 'personal alerts',
    sql: `
      -- A personal alert (issue 16) is a subscription of kind 'alert': its channel is the user's DM channel,
      -- its guild the server it was made in, created_by the user. It shares the ledger with digests; an
      -- alert's day with nothing new is a 'sent' row without a message id.
      ALTER TABLE subscriptions ADD COLUMN kind TEXT NOT NULL DEFAULT 'digest' CHECK (kind IN ('digest', 'alert'));
      CREATE INDEX subscriptions_by_creator ON subscriptions (created_by, kind);
      ALTER TABLE subscription_drafts ADD COLUMN kind TEXT NOT NULL DEFAULT 'digest' CHECK (kind IN ('digest', 'alert'));
      -- What a user told Paperboy once: the time zone their alerts use by default, and a notice to give them
      -- the next time they talk to the bot (an alert paused because their DMs are closed).
      CREATE TABLE user_settings (
        user_id     TEXT PRIMARY KEY,
        timezone    TEXT,
        notice      TEXT,
        updated_at  TEXT NOT NULL
      ) WITHOUT ROWID;
    `,
  },
];

export class StoreError extends Error {
  override name = 'StoreError';
}

/**
 * Brings the database to the newest schema, one transaction per step, recording the step in
 * `PRAGMA user_version` inside the same transaction so a crash leaves either the old or the new schema.
 * `BEGIN IMMEDIATE` makes a second process wait instead of migrating twice.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number {
  const newest = migrations.at(-1)?.version ?? 0;
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new StoreError(`store: migration '${m.name}' has version ${m.version}, expected ${i + 1}`);
  });
  const current = () => db.pragma('user_version', { simple: true }) as number;
  if (current() > newest) {
    throw new StoreError(
      `store: ${db.name} has schema version ${current()}, this Paperboy knows up to ${newest}; upgrade Paperboy`,
    );
  }
  for (const migration of migrations) {
    db.transaction(() => {
      if (current() >= migration.version) return;
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
  return current();
}
