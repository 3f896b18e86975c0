import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { decodeSnapshot, encodeSnapshot, type SnapshotRead } from '../core/index-snapshot.js';
import { SEARCH_OPTIONS, type SearchIndex, type SearchOptions } from '../core/search-index.js';
import { warmUp } from '../core/warm-up.js';

/**
 * Where the snapshot of the corpus at `corpusPath` lives in `dataDir`: one file per corpus location, so
 * `paperboy ask --corpus OTHER` never overwrites the bot's snapshot.
 * @example snapshotPath('data', 'corpus') // 'data/index-1f3a…c2.snapshot'
 */
export function snapshotPath(dataDir: string, corpusPath: string): string {
  const key = createHash('sha256').update(resolve(corpusPath)).digest('hex').slice(0, 16);
  return join(dataDir, `index-${key}.snapshot`);
}

/**
 * Writes the snapshot for `fingerprint` to `path` atomically (a temporary file renamed over the old
 * one), so a crash mid-write never leaves a half snapshot behind. Returns its size.
 */
export async function saveSnapshot(path: string, index: SearchIndex, fingerprint: string): Promise<{ path: string; bytes: number }> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  const parts = encodeSnapshot(index, fingerprint);
  const file = await open(temporary, 'w');
  let bytes = 0;
  try {
    for (const part of parts) {
      await file.write(part);
      bytes += part.byteLength;
    }
    await file.sync();
  } catch (error) {
    await file.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await file.close();
  await rename(temporary, path);
  return { path, bytes };
}

/**
 * Loads the snapshot at `path` when it was written for `fingerprint` and these options, and warms the
 * answering code up ({@link warmUp}) so the first questions are as fast as the rest. A missing,
 * unreadable, older or foreign snapshot is `stale` (with the reason), never an error.
 */
export async function loadSnapshot(
  path: string,
  fingerprint: string,
  options: SearchOptions = SEARCH_OPTIONS,
): Promise<SnapshotRead> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'stale', reason: 'no snapshot yet' };
    // The snapshot is a cache: one that cannot be read is rebuilt, and the reason reported.
    return { kind: 'stale', reason: `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}` };
  }
  const read = decodeSnapshot(bytes, fingerprint, options);
  if (read.kind === 'loaded') warmUp(read.index);
  return read;
}
