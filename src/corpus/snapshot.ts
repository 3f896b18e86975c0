import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeSnapshot, encodeSnapshot, type SnapshotRead } from '../core/index-snapshot.js';
import { SEARCH_OPTIONS, type SearchIndex, type SearchOptions } from '../core/search-index.js';

/** The file name of the index snapshot inside DATA_DIR. */
export const SNAPSHOT_FILE = 'index.snapshot';

export function snapshotPath(dataDir: string): string {
  return join(dataDir, SNAPSHOT_FILE);
}

/**
 * Writes the snapshot for `fingerprint` into `dataDir` atomically (a temporary file renamed over the
 * old one), so a crash mid-write never leaves a half snapshot behind. Returns its path and size.
 */
export async function saveSnapshot(
  dataDir: string,
  index: SearchIndex,
  fingerprint: string,
): Promise<{ path: string; bytes: number }> {
  await mkdir(dataDir, { recursive: true });
  const path = snapshotPath(dataDir);
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
 * Loads the snapshot in `dataDir` when it was written for `fingerprint` and these options. A missing,
 * older or foreign snapshot is `stale` (with the reason), never an error.
 */
export async function loadSnapshot(
  dataDir: string,
  fingerprint: string,
  options: SearchOptions = SEARCH_OPTIONS,
): Promise<SnapshotRead> {
  let bytes: Buffer;
  try {
    bytes = await readFile(snapshotPath(dataDir));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'stale', reason: 'no snapshot yet' };
    throw error;
  }
  return decodeSnapshot(bytes, fingerprint, options);
}
