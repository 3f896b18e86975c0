import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CorpusReload } from '../../../src/core/paper/corpus-reload.js';
import { openLiveIndex, type LiveIndex } from '../../../src/corpus/live/open-live-index.js';
import { openSqliteStore } from '../../../src/store/sqlite/open-sqlite-store.js';
import type { Store } from '../../../src/store/store.js';
import { tempCorpus } from '../temp-corpus.js';

const FILES = { 'a.md': '---\ntitle: Sparse routing\n---\nExperts are routed sparsely.\n' };
const WATCH = { stableMs: 40, debounceMs: 20, pollMs: 10 };

const open: LiveIndex[] = [];
const stores: Store[] = [];
afterEach(async () => {
  for (const served of open.splice(0)) await served.close();
  for (const store of stores.splice(0)) await store.close();
});

async function served(options: Parameters<typeof openLiveIndex>[0]): Promise<LiveIndex> {
  const result = await openLiveIndex(options);
  open.push(result);
  return result;
}

/** Waits (bounded, real time) for `done`. */
async function until(done: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`open-live-index test: ${what} did not happen`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('openLiveIndex', () => {
  it('does not watch when told not to, nor a corpus that is one file', async () => {
    const root = await tempCorpus(FILES);
    expect((await served({ corpus: root, watch: false })).live).toBeUndefined();
    const single = await served({ corpus: join(root, 'a.md'), watch: true });
    expect(single.live).toBeUndefined();
    expect(single.opened.index.paperCount).toBe(1);
  });

  it('applies changes to the opened index, logs them in the store, and leaves a snapshot that has them', async () => {
    const root = await tempCorpus(FILES);
    const dataDir = await tempCorpus({});
    const store = openSqliteStore(join(dataDir, 'paperboy.sqlite'));
    stores.push(store);
    const reloads: CorpusReload[] = [];
    const first = await served({
      corpus: root,
      dataDir,
      watch: true,
      store,
      watchOptions: WATCH,
      onReload: (reload) => reloads.push(reload),
    });
    expect(first.opened.source).toBe('built');
    await writeFile(join(root, 'b.md'), '---\ntitle: Dense routing\n---\nEvery expert sees every token.\n');
    await until(() => reloads.length > 0, 'the reload');
    expect(reloads[0]).toMatchObject({ added: 1, files: [{ file: 'b.md', added: 1 }] });
    expect(first.opened.index.paperCount).toBe(2);
    await first.live?.idle(); // the reload's store write follows it
    expect(await store.reloads.last(root)).toEqual(reloads[0]);
    await first.close();

    const again = await served({ corpus: root, dataDir, watch: false });
    expect(again.opened.source).toBe('snapshot');
    expect(again.opened.index.paperCount).toBe(2);
  });
});
