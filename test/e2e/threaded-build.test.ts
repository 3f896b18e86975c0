import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Paper } from '../../src/core/paper/paper.js';
import type { buildIndex } from '../../src/corpus/build-index.js';
import type { SearchIndex as BuiltIndex } from '../../src/core/search/search-index.js';
import type { encodeSnapshot } from '../../src/core/search/snapshot/index-snapshot.js';
import { benchPapers } from '../core/search-fixtures.js';

const ROOT = resolve(import.meta.dirname, '../..');
// The worker threads run compiled JavaScript (dist/corpus/index-worker.js): from the TypeScript sources
// `buildIndex` can only fall back to one thread, so the threaded build is checked on the build itself.
type BuildModule = { buildIndex: typeof buildIndex };
type IndexModule = { SearchIndex: typeof BuiltIndex };
type SnapshotModule = { encodeSnapshot: typeof encodeSnapshot };

beforeAll(() => {
  const built = spawnSync(process.execPath, [join(ROOT, 'scripts/build.js'), '--if-changed'], { encoding: 'utf8' });
  expect(built.status, built.stderr).toBe(0);
}, 180_000);

/** 4,200 papers (enough for threads) from the 49 real ones: each copy with its own id, title word and text word. */
async function manyPapers(): Promise<Paper[]> {
  const real = await benchPapers();
  return Array.from({ length: 4200 }, (_, i) => {
    const paper = real[i % real.length]!;
    const copy = `copy${Math.floor(i / real.length)}`;
    return { ...paper, id: `${paper.id}-${i}`, title: `${paper.title} ${copy}`, text: `${paper.text} ${copy}x` };
  });
}

describe('buildIndex on worker threads (compiled)', () => {
  it('indexes as SearchIndex.build does, to the byte, on threads, reporting every paper done', async () => {
    const { buildIndex: build } = (await import(join(ROOT, 'dist/corpus/build-index.js'))) as BuildModule;
    const { SearchIndex } = (await import(join(ROOT, 'dist/core/search/search-index.js'))) as IndexModule;
    const { encodeSnapshot: encode } = (await import(
      join(ROOT, 'dist/core/search/snapshot/index-snapshot.js')
    )) as SnapshotModule;
    const bytes = (index: BuiltIndex) => Buffer.concat(encode(index, 'corpus-v1:threads', () => 'base'));
    const papers = await manyPapers();
    const fallbacks: unknown[] = [];
    const reports: number[] = [];
    for (const threads of [1, 2, 3]) {
      const index = await build(papers, undefined, {
        threads,
        onFallback: (error) => fallbacks.push(error),
        onProgress: (done) => reports.push(done),
      });
      expect(fallbacks, `${threads} threads`).toEqual([]);
      expect(bytes(index).equals(bytes(SearchIndex.build(papers))), `${threads} threads`).toBe(true);
      expect(reports.at(-1)).toBe(papers.length);
    }
  }, 120_000);
});
