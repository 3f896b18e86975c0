import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CorpusReload } from '../../../src/core/paper/corpus-reload.js';
import { MIGRATIONS, migrate } from '../../../src/store/migrations.js';
import { openSqliteStore } from '../../../src/store/sqlite/open-sqlite-store.js';

const RELOAD: CorpusReload = {
  at: '2025-06-02T06:30:00.000Z',
  added: 1,
  replaced: 2,
  removed: 0,
  files: [
    { file: 'new.pdf', added: 1, replaced: 0, removed: 0, kept: false },
    { file: 'refs.bib', added: 0, replaced: 2, removed: 0, kept: false },
    { file: 'bad.pdf', added: 0, replaced: 0, removed: 0, kept: true },
  ],
  problems: [{ file: 'bad.pdf', line: 0, message: 'not a PDF' }],
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'paperboy-reloads-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the SQLite reload log', () => {
  it('is read by a read-only reader (paperboy corpus check) while the bot writes it', async () => {
    const path = join(dir, 'paperboy.sqlite');
    const store = openSqliteStore(path);
    await store.reloads.record('/srv/corpus', { ...RELOAD, at: '2025-06-02T06:00:00.000Z', added: 9 });
    await store.reloads.record('/srv/corpus', RELOAD);
    const reader = openSqliteStore(path, { readonly: true });
    expect(await reader.reloads.last('/srv/corpus')).toEqual(RELOAD);
    expect((await reader.reloads.recent('/srv/corpus', 5)).map((r) => r.added)).toEqual([1, 9]);
    await reader.close();
    await store.close();
  });

  it('reads as empty from a store made before the log existed, opened read-only', async () => {
    const path = join(dir, 'old.sqlite');
    const db = new Database(path);
    migrate(db, MIGRATIONS.slice(0, 2));
    db.close();
    const reader = openSqliteStore(path, { readonly: true });
    expect(reader.schemaVersion).toBe(2);
    expect(await reader.reloads.last('/c')).toBeUndefined();
    await reader.close();
  });
});
