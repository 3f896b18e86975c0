import { createHash } from 'node:crypto';
import { readSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { changeLines, encodeChangesHeader } from '../core/search/snapshot/changes-file.js';
import { FRAME_LEAD_BYTES, frameEnd } from '../core/search/snapshot/framing.js';
import {
  encodeSnapshot,
  openSnapshot,
  readSnapshotHeader,
  type SnapshotHeader,
  type SnapshotRead,
} from '../core/search/snapshot/index-snapshot.js';
import type { FrameStale } from '../core/search/snapshot/framing.js';
import {
  SEARCH_OPTIONS,
  type IndexChanges,
  type SearchIndex,
  type SearchOptions,
} from '../core/search/search-index.js';
import { warmUp } from '../core/answer/warm-up.js';

/**
 * A changes file is encoded and written this many bytes at a time: each write awaits the disk, so the
 * event loop runs between pieces and no piece takes more than a millisecond or two to encode.
 */
const WRITE_PIECE_BYTES = 1 << 18;

/**
 * Where the snapshot of the corpus at `corpusPath` lives in `dataDir`: one file per corpus location, so
 * `paperboy ask --corpus OTHER` never overwrites the bot's snapshot.
 * @example snapshotPath('data', 'corpus') // 'data/index-1f3a…c2.snapshot'
 */
export function snapshotPath(dataDir: string, corpusPath: string): string {
  const key = createHash('sha256').update(resolve(corpusPath)).digest('hex').slice(0, 16);
  return join(dataDir, `index-${key}.snapshot`);
}

/** The changes file next to the snapshot at `path`: papers removed and added since its base, for a newer corpus. */
export function changesPath(path: string): string {
  return `${path}.changes`;
}

/**
 * The base each index in memory shares with a snapshot file (recorded when it is loaded or saved whole),
 * so a later save can write only the changes since — if the file on disk still holds that base.
 */
const bases = new WeakMap<SearchIndex, string>();

/** A snapshot base is named by the hash of its bytes: two processes that build the same base name it alike. */
function hashSections(sections: readonly Uint8Array[]): string {
  const hash = createHash('sha256');
  for (const section of sections) hash.update(section);
  return `sha256:${hash.digest('hex')}`;
}

let temporaries = 0;

/** Writes `parts` to `path` through a temporary file renamed over it, so a crash never leaves half a file. */
export async function writeAtomically(path: string, parts: Iterable<Uint8Array>): Promise<number> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.${++temporaries}.tmp`;
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
  return bytes;
}

/**
 * Writes the whole snapshot for `fingerprint` to `path` atomically (the index's base and its changes
 * since), and drops a changes file left next to it. Returns its size. Encoding takes a while on a large
 * corpus (seconds for 90,000 papers), so a running bot saves with {@link saveSnapshotChanges} instead.
 */
export async function saveSnapshot(
  path: string,
  index: SearchIndex,
  fingerprint: string,
): Promise<{ path: string; bytes: number }> {
  let base = '';
  const parts = encodeSnapshot(index, fingerprint, (sections) => (base = hashSections(sections)));
  const bytes = await writeAtomically(path, parts);
  bases.set(index, base);
  await rm(changesPath(path), { force: true });
  await removeLeftovers(path);
  return { path, bytes };
}

/** Whether process `pid` is running (a temporary of a running process is a write in progress). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Deletes what earlier saves of the snapshot at `path` left in its folder, now that a whole one is saved:
 * temporaries of its files (`index-KEY.snapshot…PID.N.tmp`) whose process is gone (a crash mid-write).
 * Nothing else: the snapshot is rewritten in place (one file per corpus location), and other corpora's
 * snapshots, this one's changes file and corpus report, and files that are not ours stay.
 */
async function removeLeftovers(path: string): Promise<void> {
  const folder = dirname(path);
  const name = basename(path);
  const names = await readdir(folder).catch(() => [] as string[]);
  const leftovers = names.filter((entry) => {
    if (!entry.startsWith(`${name}.`)) return false;
    const temporary = /\.(\d+)\.\d+\.tmp$/.exec(entry);
    return temporary !== null && Number(temporary[1]) !== process.pid && !isRunning(Number(temporary[1]));
  });
  await Promise.all(leftovers.map((entry) => rm(join(folder, entry), { force: true })));
}

/** The header of the snapshot open as `file`, or why it is none this version can read. */
async function readHeader(file: FileHandle): Promise<{ kind: 'header'; header: SnapshotHeader } | FrameStale> {
  const lead = new Uint8Array(FRAME_LEAD_BYTES);
  const { bytesRead } = await file.read(lead, 0, lead.length, 0);
  // A header past a megabyte is no header this version writes: it then reads as cut short.
  const bytes = new Uint8Array(Math.min(frameEnd(lead.subarray(0, bytesRead)), FRAME_LEAD_BYTES + (1 << 20)));
  const { bytesRead: read } = await file.read(bytes, 0, bytes.length, 0);
  return readSnapshotHeader(bytes.subarray(0, read));
}

/** The base of the snapshot file at `path`, or undefined when there is none this version can read. */
async function baseOnDisk(path: string): Promise<string | undefined> {
  let file;
  try {
    file = await open(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const head = await readHeader(file);
    return head.kind === 'header' ? head.header.base : undefined;
  } catch {
    return undefined;
  } finally {
    await file.close();
  }
}

export type SnapshotSave =
  | { kind: 'changes'; path: string; bytes: number; removed: number; added: number }
  | { kind: 'whole'; path: string; bytes: number };

/**
 * Brings the snapshot at `path` up to date with `index` for `fingerprint`. When the file holds the base
 * this index was loaded or saved with, only the changes since are written (a small file next to it,
 * encoded a piece at a time between writes, so answering never waits long); otherwise the whole
 * snapshot is written (as the index is then). `changes` are the index's changes when the caller took them.
 * @example await saveSnapshotChanges(path, index, await corpusFingerprint(corpus))
 */
export async function saveSnapshotChanges(
  path: string,
  index: SearchIndex,
  fingerprint: string,
  changes: IndexChanges = index.changes(),
): Promise<SnapshotSave> {
  const base = bases.get(index);
  if (base === undefined || (await baseOnDisk(path)) !== base) {
    return { kind: 'whole', ...(await saveSnapshot(path, index, fingerprint)) };
  }
  const header = encodeChangesHeader({
    base,
    fingerprint,
    removed: changes.removed.length,
    added: changes.added.length,
  });
  const bytes = await writeAtomically(changesPath(path), pieces([header], changeLines(changes)));
  return {
    kind: 'changes',
    path: changesPath(path),
    bytes,
    removed: changes.removed.length,
    added: changes.added.length,
  };
}

/** `first`, then `rest` joined into pieces of about {@link WRITE_PIECE_BYTES}, encoded only as they are pulled. */
function* pieces(first: Uint8Array[], rest: Iterable<Uint8Array>): Generator<Uint8Array, undefined, unknown> {
  let batch = first;
  let size = first.reduce((n, part) => n + part.byteLength, 0);
  for (const part of rest) {
    batch.push(part);
    size += part.byteLength;
    if (size >= WRITE_PIECE_BYTES) {
      yield Buffer.concat(batch);
      batch = [];
      size = 0;
    }
  }
  if (batch.length > 0) yield Buffer.concat(batch);
  return undefined;
}

/**
 * Loads the snapshot at `path` for `fingerprint` and these options — with the changes file next to it
 * when that was written for `fingerprint` on this snapshot's base — and warms the answering code up
 * ({@link warmUp}) so the first questions are as fast as the rest. A missing, unreadable, older, foreign
 * or damaged snapshot is `stale` (with the reason), never an error; the reason for an unreadable or
 * damaged one names the file (`snapshot: data/index-….snapshot: bad magic "XXXX", expected "PBIX"`).
 */
export async function loadSnapshot(
  path: string,
  fingerprint: string,
  options: SearchOptions = SEARCH_OPTIONS,
): Promise<SnapshotRead> {
  let file: FileHandle;
  let size: number;
  let head: Awaited<ReturnType<typeof readHeader>>;
  try {
    file = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'stale', reason: 'no snapshot yet', damaged: false };
    return unreadable(path, error);
  }
  let read: SnapshotRead | undefined;
  try {
    size = (await file.stat()).size;
    head = await readHeader(file);
    if (head.kind === 'stale') {
      return head.damaged ? { ...head, reason: `snapshot: ${path}: ${head.reason}` } : head;
    }
    // A changes file that cannot be read is as good as none: the snapshot alone may still match.
    const changes = await readFile(changesPath(path)).catch(() => undefined);
    const fd = file.fd;
    const bytesAt = (at: number, length: number): Uint8Array => {
      // Its own buffer, so typed arrays can view it in place (a pooled Buffer may start anywhere).
      const bytes = new Uint8Array(length);
      let done = 0;
      while (done < length) {
        const got = readSync(fd, bytes, done, length - done, at + done);
        if (got === 0) throw new Error(`snapshot: ${path}: ended at byte ${at + done} of ${at + length}`);
        done += got;
      }
      return bytes;
    };
    // Sections are read whole as the index asks for them; papers' metadata and text a paper at a time,
    // when it is first used, so they stay on disk (the file stays open for that while the index lives).
    read = openSnapshot(head.header, { size, section: bytesAt, piece: bytesAt }, fingerprint, options, changes);
    if (read.kind === 'stale' && read.damaged) return { ...read, reason: `snapshot: ${path}: ${read.reason}` };
  } catch (error) {
    return unreadable(path, error);
  } finally {
    if (read?.kind !== 'loaded') await file.close();
  }
  if (read.kind === 'loaded') {
    openFiles.register(read.index, file);
    bases.set(read.index, read.header.base);
    warmUp(read.index, LOAD_WARM_UP_QUESTIONS);
  }
  return read;
}

/**
 * Questions asked to warm a loaded index up: enough for V8 to compile the answering code's hot paths,
 * few enough that a restart answers soon (the first real questions finish the job).
 */
const LOAD_WARM_UP_QUESTIONS = 8;

/** Snapshot files held open for the papers of an index loaded from them, closed once the index is collected. */
const openFiles = new FinalizationRegistry<FileHandle>((file) => void file.close().catch(() => undefined));

/** The snapshot is a cache: one that cannot be read is rebuilt, and the reason reported. */
function unreadable(path: string, error: unknown): SnapshotRead {
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'stale', reason: `snapshot: cannot read ${path}: ${message}`, damaged: false };
}
