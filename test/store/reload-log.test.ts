import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CorpusReload } from '../../src/core/paper/corpus-reload.js';
import { MIGRATIONS, migrate } from '../../src/store/migrations.js';
import { openStore } from '../../src/store/open-store.js';
import { RELOADS_KEPT } from '../../src/store/reload-log.js';

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

describe('the reload log', () => {
  it('keeps the last reload of each corpus across close and reopen, and a read-only reader sees it', () => {
    const path = join(dir, 'paperboy.sqlite');
    const store = openStore(path);
    store.reloads.record('/srv/corpus', { ...RELOAD, at: '2025-06-02T06:00:00.000Z', added: 9 });
    store.reloads.record('/srv/corpus', RELOAD);
    store.reloads.record('/srv/other', { ...RELOAD, added: 5 });
    store.close();
    const reader = openStore(path, { readonly: true });
    expect(reader.reloads.last('/srv/corpus')).toEqual(RELOAD);
    expect(reader.reloads.recent('/srv/corpus', 5).map((r) => r.added)).toEqual([1, 9]);
    expect(reader.reloads.last('/srv/nowhere')).toBeUndefined();
    reader.close();
  });

  it(`keeps only the latest ${RELOADS_KEPT} reloads of a corpus`, () => {
    const store = openStore(':memory:');
    for (let i = 0; i < RELOADS_KEPT + 7; i++) store.reloads.record('/c', { ...RELOAD, added: i });
    const kept = store.reloads.recent('/c', 1000);
    expect(kept).toHaveLength(RELOADS_KEPT);
    expect(kept[0]!.added).toBe(RELOADS_KEPT + 6);
    store.close();
  });

  it('reads as empty from a store made before the log existed, opened read-only', () => {
    const path = join(dir, 'old.sqlite');
    const db = new Database(path);
    migrate(db, MIGRATIONS.slice(0, 2));
    db.close();
    const reader = openStore(path, { readonly: true });
    expect(reader.schemaVersion).toBe(2);
    expect(reader.reloads.last('/c')).toBeUndefined();
    reader.close();
  });
});
