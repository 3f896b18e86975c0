import { SearchIndex, type SearchOptions } from '../search-index.js';
import { changeLines, decodeChanges, readChangesFile } from './changes-file.js';
import { encodeFrame, frameLength, readFrame, type FileFormat, type FrameStale } from './framing.js';
import { baseSections, restoreBase, type Section } from './snapshot-sections.js';

/**
 * The snapshot format: the frame ({@link readFrame}) with a JSON header, then 8-byte-aligned sections of
 * raw typed arrays and UTF-8 text, so loading is mostly views on the file's bytes (no JSON for postings,
 * no Map per posting, and a paper's metadata and text are decoded only when the paper is first used). The
 * sections hold the index's base (as built or loaded) and, in the `changes` section, the papers removed
 * and added since. Bump `version` whenever what is written changes; an older snapshot is then rebuilt,
 * never misread.
 */
export const SNAPSHOT_FORMAT = {
  magic: 'PBIX',
  version: 4,
  name: 'paperboy-index',
  /** Sections start at multiples of this, so typed arrays can view them in place. */
  alignment: 8,
} as const satisfies FileFormat & { alignment: number };

export interface SnapshotHeader {
  format: 'paperboy-index';
  version: number;
  /** The corpus fingerprint the snapshot (its base and changes) answers for. */
  fingerprint: string;
  /** What identifies the base sections: a changes file applies only to the base it names. */
  base: string;
  /** Typed arrays are stored in this machine's byte order. */
  littleEndian: boolean;
  options: SearchOptions;
  /** Papers and chunks of the base. */
  papers: number;
  chunks: number;
  /** Base papers removed and papers added since, in the `changes` section. */
  changes: { removed: number; added: number };
  /** Section name → [byte offset from the file start, byte length]. */
  sections: Record<string, [number, number]>;
}

export type SnapshotRead =
  | {
      kind: 'loaded';
      index: SearchIndex;
      header: SnapshotHeader;
      /** Where the changes applied to the base came from. */
      changesFrom: 'snapshot' | 'changes file';
      /** Base papers removed and papers added by those changes. */
      changes: { removed: number; added: number };
    }
  /**
   * Not an error: the snapshot is for another corpus, format or setting, or `damaged` (not what any
   * version writes: foreign, corrupted or cut short), and the index must be rebuilt.
   */
  | FrameStale;

/** Names the base sections of a snapshot (a content hash, say), given their bytes in order. */
export type IdentifyBase = (sections: readonly Uint8Array[]) => string;

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function bytesOf(data: Section): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * Serialises an index for `fingerprint` into byte parts to be written in order (one file): its base,
 * named by `identify`, and its changes since.
 * @example await writeFile(path, Buffer.concat(encodeSnapshot(index, fingerprint, sha256)))
 */
export function encodeSnapshot(index: SearchIndex, fingerprint: string, identify: IdentifyBase): Uint8Array[] {
  const parts = index.parts();
  const base = baseSections(parts);
  const changes = parts.changes ?? { removed: [], added: [] };
  const sections: Array<[string, Section]> = [...base, ['changes', concat([...changeLines(changes)])]];

  const header: Omit<SnapshotHeader, 'format' | 'version'> = {
    fingerprint,
    base: identify(base.map(([, data]) => bytesOf(data))),
    littleEndian: LITTLE_ENDIAN,
    options: parts.options,
    papers: parts.store.base().ids.length,
    chunks: parts.chunkStart.length,
    changes: { removed: changes.removed.length, added: changes.added.length },
    sections: {},
  };
  // The header's size depends on the offsets it lists; lay out with a generous fixed header slot.
  const widest = { ...header, sections: Object.fromEntries(sections.map(([n]) => [n, [1e12, 1e12]])) };
  const headerSlot = align(frameLength(SNAPSHOT_FORMAT, widest));
  let offset = headerSlot;
  for (const [name, data] of sections) {
    header.sections[name] = [offset, data.byteLength];
    offset = align(offset + data.byteLength);
  }

  const out: Uint8Array[] = [encodeFrame(SNAPSHOT_FORMAT, header, headerSlot)];
  let written = headerSlot;
  for (const [, data] of sections) {
    out.push(bytesOf(data));
    written += data.byteLength;
    const padding = align(written) - written;
    if (padding > 0) out.push(new Uint8Array(padding));
    written += padding;
  }
  return out;
}

/** What is wrong with a framed snapshot header, or undefined when its fields are what is written. */
function malformation(header: Record<string, unknown>, headerEnd: number): string | undefined {
  const { fingerprint, base, littleEndian, options, papers, chunks, changes, sections } = header;
  if (typeof fingerprint !== 'string' || typeof base !== 'string') return 'fingerprint or base is not a string';
  if (typeof littleEndian !== 'boolean') return 'littleEndian is not a boolean';
  if (typeof options !== 'object' || options === null) return 'options is not an object';
  if (!Number.isInteger(papers) || !Number.isInteger(chunks)) return 'papers or chunks is not a count';
  const { removed, added } = (changes ?? {}) as Partial<SnapshotHeader['changes']>;
  if (!Number.isInteger(removed) || !Number.isInteger(added)) return 'changes is not two counts';
  if (typeof sections !== 'object' || sections === null) return 'sections is not an object';
  for (const [name, place] of Object.entries(sections)) {
    const [at, length] = Array.isArray(place) ? (place as unknown[]) : [];
    const fits = Number.isSafeInteger(at) && Number.isSafeInteger(length) && (length as number) >= 0;
    if (!fits || (at as number) < headerEnd || (at as number) % SNAPSHOT_FORMAT.alignment !== 0) {
      return `section ${JSON.stringify(name)} is placed at ${JSON.stringify(place)}`;
    }
  }
  return undefined;
}

/**
 * Reads the header of a snapshot, or says why the bytes are not a snapshot this version can read
 * (`damaged` when they are not what any version writes). Never throws.
 * @example readSnapshotHeader(bytes) // { kind: 'header', header: { fingerprint: 'corpus-v1:…', … } }
 */
export function readSnapshotHeader(bytes: Uint8Array): { kind: 'header'; header: SnapshotHeader } | FrameStale {
  const frame = readFrame(bytes, SNAPSHOT_FORMAT);
  if (frame.kind === 'stale') return frame;
  const wrong = malformation(frame.header, frame.headerEnd);
  if (wrong !== undefined) return { kind: 'stale', reason: `header is malformed: ${wrong}`, damaged: true };
  const header = frame.header as unknown as SnapshotHeader;
  if (header.littleEndian !== LITTLE_ENDIAN) {
    return { kind: 'stale', reason: 'snapshot written on a machine of other byte order', damaged: false };
  }
  return { kind: 'header', header };
}

/**
 * Where a snapshot's sections are read from: the whole file in memory ({@link decodeSnapshot}), or a file
 * read a section at a time, papers' metadata and text a piece at a time when a paper is first used
 * (they need not be in memory to answer).
 */
export interface SnapshotSource {
  /** The file's length in bytes. */
  size: number;
  /** A whole section's bytes, starting at a multiple of 8 bytes in memory. */
  section(at: number, length: number): Uint8Array;
  /** `length` bytes at `at` in the file, for a deferred section's piece; defaults to {@link section}. */
  piece?(at: number, length: number): Uint8Array;
}

/**
 * Loads an index from snapshot bytes when they were written for `fingerprint` with these `options`,
 * or when a changes file (`changesFile`) for this snapshot's base was written for `fingerprint`: the
 * base is then loaded with those changes instead of its own. Otherwise says why it is stale. The
 * loaded index answers exactly as the one that was saved.
 * @example const read = decodeSnapshot(bytes, fingerprint, SEARCH_OPTIONS); if (read.kind === 'loaded') ask(read.index, q)
 */
export function decodeSnapshot(
  bytes: Uint8Array,
  fingerprint: string,
  options: SearchOptions,
  changesFile?: Uint8Array,
): SnapshotRead {
  const head = readSnapshotHeader(bytes);
  if (head.kind === 'stale') return head;
  if (bytes.byteOffset % SNAPSHOT_FORMAT.alignment !== 0) bytes = bytes.slice();
  const source: SnapshotSource = { size: bytes.length, section: (at, length) => bytes.subarray(at, at + length) };
  return openSnapshot(head.header, source, fingerprint, options, changesFile);
}

/**
 * {@link decodeSnapshot} for a snapshot whose header is read ({@link readSnapshotHeader}) and whose
 * sections come from `source`: only the sections the index needs are asked for, and none when the
 * snapshot is stale.
 */
export function openSnapshot(
  header: SnapshotHeader,
  source: SnapshotSource,
  fingerprint: string,
  options: SearchOptions,
  changesFile?: Uint8Array,
): SnapshotRead {
  const file = changesFile === undefined ? undefined : readChangesFile(changesFile);
  const fileApplies =
    file?.kind === 'changes' && file.header.base === header.base && file.header.fingerprint === fingerprint;
  if (!fileApplies && header.fingerprint !== fingerprint)
    return { kind: 'stale', reason: 'the corpus changed since the snapshot was written', damaged: false };
  if (JSON.stringify(header.options) !== JSON.stringify(options)) {
    return { kind: 'stale', reason: 'search settings changed since the snapshot was written', damaged: false };
  }
  const end = Math.max(0, ...Object.values(header.sections).map(([at, length]) => at + length));
  if (end > source.size) {
    return { kind: 'stale', reason: `snapshot is cut short (${source.size} of ${end} bytes)`, damaged: true };
  }

  const place = (name: string): [number, number] => header.sections[name] ?? [0, 0];
  const section = (name: string): Uint8Array => source.section(...place(name));
  const piece = source.piece;
  const pieces =
    piece &&
    ((name: string, start: number, length: number): Uint8Array => {
      const [at, size] = place(name);
      if (start + length > size) throw new RangeError(`snapshot: ${name} holds ${size} bytes, not ${start + length}`);
      return piece(at + start, length);
    });
  const changes = fileApplies && file.kind === 'changes' ? file.changes : decodeChanges(section('changes'));
  const index = SearchIndex.fromParts({ options: header.options, ...restoreBase(section, pieces), changes });
  return {
    kind: 'loaded',
    index,
    header,
    changesFrom: fileApplies ? 'changes file' : 'snapshot',
    changes: { removed: changes.removed.length, added: changes.added.length },
  };
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

function align(offset: number): number {
  const a = SNAPSHOT_FORMAT.alignment;
  return Math.ceil(offset / a) * a;
}
