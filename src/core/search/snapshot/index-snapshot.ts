import { ChunkIndex } from '../engine/chunk-index.js';
import type { IndexData } from '../engine/compact-minisearch.js';
import type { Paper } from '../../paper/paper.js';
import { PaperLookupIndex } from '../engine/paper-lookup-index.js';
import { PaperStore } from '../engine/paper-store.js';
import { SearchIndex, type IndexChanges, type SearchOptions } from '../search-index.js';
import { TitleList } from '../engine/title-list.js';

/**
 * The snapshot format: a magic number, a JSON header, then 8-byte-aligned sections of raw typed arrays
 * and UTF-8 text, so loading is mostly views on the file's bytes (no JSON for postings, no Map per posting,
 * and a paper's metadata and text are decoded only when the paper is first used). The sections hold the
 * index's base (as built or loaded) and, in the `changes` section, the papers removed and added since.
 * Bump `version` whenever what is written changes; an older snapshot is then rebuilt, never misread.
 */
export const SNAPSHOT_FORMAT = {
  magic: 'PBIX',
  version: 3,
  /** Sections start at multiples of this, so typed arrays can view them in place. */
  alignment: 8,
} as const;

/**
 * A file of changes: the papers removed from and added to a snapshot's base since, for a newer corpus
 * fingerprint. Small next to the snapshot, so it is what is written while the bot runs; loading applies
 * it to the base it names. Magic, version, a JSON header, then the changes as JSON lines.
 */
export const CHANGES_FORMAT = { magic: 'PBCH', version: 1 } as const;

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

export interface ChangesHeader {
  format: 'paperboy-index-changes';
  version: number;
  /** The snapshot base the changes apply to ({@link SnapshotHeader.base}). */
  base: string;
  /** The corpus fingerprint the base with these changes answers for. */
  fingerprint: string;
  removed: number;
  added: number;
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
  /** Not an error: the snapshot is for another corpus, format or setting, and the index must be rebuilt. */
  | { kind: 'stale'; reason: string };

/** Names the base sections of a snapshot (a content hash, say), given their bytes in order. */
export type IdentifyBase = (sections: readonly Uint8Array[]) => string;

type Section = Uint8Array | Uint16Array | Uint32Array | Int32Array;

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function json(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

function indexSections(prefix: string, data: IndexData): Array<[string, Section]> {
  const meta = { documentCount: data.documentCount, fields: data.fields, averageFieldLength: data.averageFieldLength };
  return [
    [`${prefix}.meta`, json(meta)],
    [`${prefix}.terms`, encoder.encode(data.terms.join('\n'))],
    [`${prefix}.fieldLength`, data.fieldLength],
    [`${prefix}.counts`, data.counts],
    [`${prefix}.docs`, data.docs],
    [`${prefix}.freqs`, data.freqs],
  ];
}

/** Strings as one UTF-8 text and the end of each in UTF-16 units of that text once decoded. */
function stringList(items: readonly string[]): [Uint8Array, Uint32Array] {
  const ends = new Uint32Array(items.length);
  let end = 0;
  items.forEach((item, i) => (ends[i] = end += item.length));
  return [encoder.encode(items.join('')), ends];
}

/** Byte strings back to back, with the byte offset where each ends. */
function byteList(items: readonly Uint8Array[]): [Uint8Array, Uint32Array] {
  const ends = new Uint32Array(items.length);
  let end = 0;
  items.forEach((item, i) => (ends[i] = end += item.length));
  const all = new Uint8Array(end);
  items.forEach((item, i) => all.set(item, ends[i]! - item.length));
  return [all, ends];
}

/**
 * The changes as JSON lines, one piece at a time (a caller writing a large file can pause between
 * pieces): the removed ids, then one line per added paper.
 * @example const bytes = Buffer.concat([...changeLines(index.changes())])
 */
export function* changeLines(changes: IndexChanges): Generator<Uint8Array, undefined, unknown> {
  yield encoder.encode(`${JSON.stringify(changes.removed)}\n`);
  for (const paper of changes.added) yield encoder.encode(`${JSON.stringify(paper)}\n`);
  return undefined;
}

/** Reads {@link changeLines} back. */
export function decodeChanges(bytes: Uint8Array): IndexChanges {
  const lines = decoder.decode(bytes).split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) return { removed: [], added: [] };
  return {
    removed: JSON.parse(lines[0]!) as string[],
    added: lines.slice(1).map((line) => JSON.parse(line) as Paper),
  };
}

/**
 * The start of a changes file ({@link CHANGES_FORMAT}): what follows it is {@link changeLines}.
 * @example await writeFile(path, Buffer.concat([encodeChangesHeader(header), ...changeLines(changes)]))
 */
export function encodeChangesHeader(header: Omit<ChangesHeader, 'format' | 'version'>): Uint8Array {
  const body = json({ format: 'paperboy-index-changes', version: CHANGES_FORMAT.version, ...header });
  const lead = new Uint8Array(12 + body.length);
  lead.set(encoder.encode(CHANGES_FORMAT.magic), 0);
  new DataView(lead.buffer).setUint32(4, CHANGES_FORMAT.version, true);
  new DataView(lead.buffer).setUint32(8, body.length, true);
  lead.set(body, 12);
  return lead;
}

/** Reads a changes file, or says why it is not one this version can read. */
export function readChangesFile(
  bytes: Uint8Array,
): { kind: 'changes'; header: ChangesHeader; changes: IndexChanges } | { kind: 'stale'; reason: string } {
  if (bytes.length < 12 || decoder.decode(bytes.subarray(0, 4)) !== CHANGES_FORMAT.magic) {
    return { kind: 'stale', reason: 'not a paperboy changes file' };
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version !== CHANGES_FORMAT.version) {
    return { kind: 'stale', reason: `changes format ${version}, this version reads ${CHANGES_FORMAT.version}` };
  }
  const length = view.getUint32(8, true);
  if (12 + length > bytes.length) return { kind: 'stale', reason: 'changes header is cut short' };
  // Written through a temporary file, so a file that does not parse was cut short by something else.
  let header: ChangesHeader;
  let changes: IndexChanges;
  try {
    header = JSON.parse(decoder.decode(bytes.subarray(12, 12 + length))) as ChangesHeader;
    changes = decodeChanges(bytes.subarray(12 + length));
  } catch {
    return { kind: 'stale', reason: 'changes file is cut short' };
  }
  if (changes.removed.length !== header.removed || changes.added.length !== header.added) {
    return { kind: 'stale', reason: 'changes file is cut short' };
  }
  return { kind: 'changes', header, changes };
}

/**
 * Serialises an index for `fingerprint` into byte parts to be written in order (one file): its base,
 * named by `identify`, and its changes since.
 * @example await writeFile(path, Buffer.concat(encodeSnapshot(index, fingerprint, sha256)))
 */
export function encodeSnapshot(index: SearchIndex, fingerprint: string, identify: IdentifyBase): Uint8Array[] {
  const parts = index.parts();
  const base = parts.store.base();
  const papers = Array.from(base.ids, (_, ordinal) => base.paper(ordinal));
  const [ids, idEnds] = stringList(base.ids);
  const [titles, titleEnds] = stringList(base.titles);
  const [files, fileEnds] = stringList(base.files.names);
  const [meta, metaEnds] = byteList(papers.map(({ id: _id, title: _title, text: _text, ...rest }) => json(rest)));
  const [texts, textEnds] = byteList(papers.map((paper) => encoder.encode(paper.text)));
  const titleList = parts.titles.parts();

  const baseSections: Array<[string, Section]> = [
    ['ids', ids],
    ['idEnds', idEnds],
    ['titles', titles],
    ['titleEnds', titleEnds],
    ['files', files],
    ['fileEnds', fileEnds],
    ['fileOf', base.files.of],
    ['meta', meta],
    ['metaEnds', metaEnds],
    ['texts', texts],
    ['textEnds', textEnds],
    ['firstChunk', parts.firstChunk],
    ['chunkStart', parts.chunkStart],
    ['chunkEnd', parts.chunkEnd],
    ['titleList.joined', encoder.encode(titleList.joined)],
    ['titleList.order', titleList.order],
    ['titleList.wordOrder', titleList.wordOrder],
    ...indexSections('chunks', parts.chunks.exportBase()),
    ...indexSections('lookup', parts.lookup.exportBase()),
  ];
  const changes = parts.changes ?? { removed: [], added: [] };
  const sections: Array<[string, Section]> = [...baseSections, ['changes', concat([...changeLines(changes)])]];

  const header: SnapshotHeader = {
    format: 'paperboy-index',
    version: SNAPSHOT_FORMAT.version,
    fingerprint,
    base: identify(baseSections.map(([, data]) => new Uint8Array(data.buffer, data.byteOffset, data.byteLength))),
    littleEndian: LITTLE_ENDIAN,
    options: parts.options,
    papers: base.ids.length,
    chunks: parts.chunkStart.length,
    changes: { removed: changes.removed.length, added: changes.added.length },
    sections: {},
  };
  // The header's size depends on the offsets it lists; lay out with a generous fixed header slot.
  const headerSlot = align(
    json({ ...header, sections: Object.fromEntries(sections.map(([n]) => [n, [1e12, 1e12]])) }).length + 12,
  );
  let offset = headerSlot;
  for (const [name, data] of sections) {
    header.sections[name] = [offset, data.byteLength];
    offset = align(offset + data.byteLength);
  }
  const headerBytes = json(header);
  const lead = new Uint8Array(headerSlot);
  lead.set(encoder.encode(SNAPSHOT_FORMAT.magic), 0);
  new DataView(lead.buffer).setUint32(4, SNAPSHOT_FORMAT.version, true);
  new DataView(lead.buffer).setUint32(8, headerBytes.length, true);
  lead.set(headerBytes, 12);

  const out: Uint8Array[] = [lead];
  let written = headerSlot;
  for (const [, data] of sections) {
    out.push(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    written += data.byteLength;
    const padding = align(written) - written;
    if (padding > 0) out.push(new Uint8Array(padding));
    written += padding;
  }
  return out;
}

/**
 * Reads the header of a snapshot, or says why the bytes are not a snapshot this version can read.
 * @example readSnapshotHeader(bytes) // { kind: 'header', header: { fingerprint: 'corpus-v1:…', … } }
 */
export function readSnapshotHeader(
  bytes: Uint8Array,
): { kind: 'header'; header: SnapshotHeader } | { kind: 'stale'; reason: string } {
  if (bytes.length < 12 || decoder.decode(bytes.subarray(0, 4)) !== SNAPSHOT_FORMAT.magic) {
    return { kind: 'stale', reason: 'not a paperboy index snapshot' };
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version !== SNAPSHOT_FORMAT.version) {
    return { kind: 'stale', reason: `snapshot format ${version}, this version reads ${SNAPSHOT_FORMAT.version}` };
  }
  const length = view.getUint32(8, true);
  if (12 + length > bytes.length) return { kind: 'stale', reason: 'snapshot header is cut short' };
  const header = JSON.parse(decoder.decode(bytes.subarray(12, 12 + length))) as SnapshotHeader;
  if (header.littleEndian !== LITTLE_ENDIAN)
    return { kind: 'stale', reason: 'snapshot written on a machine of other byte order' };
  return { kind: 'header', header };
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
  const { header } = head;
  const file = changesFile === undefined ? undefined : readChangesFile(changesFile);
  const fileApplies =
    file?.kind === 'changes' && file.header.base === header.base && file.header.fingerprint === fingerprint;
  if (!fileApplies && header.fingerprint !== fingerprint)
    return { kind: 'stale', reason: 'the corpus changed since the snapshot was written' };
  if (JSON.stringify(header.options) !== JSON.stringify(options)) {
    return { kind: 'stale', reason: 'search settings changed since the snapshot was written' };
  }
  if (bytes.byteOffset % SNAPSHOT_FORMAT.alignment !== 0) bytes = bytes.slice();
  const end = Math.max(0, ...Object.values(header.sections).map(([at, length]) => at + length));
  if (end > bytes.length) return { kind: 'stale', reason: `snapshot is cut short (${bytes.length} of ${end} bytes)` };

  const raw = (name: string): Uint8Array => {
    const [at, length] = header.sections[name] ?? [0, 0];
    return bytes.subarray(at, at + length);
  };
  const typed = <A>(
    name: string,
    make: (buffer: ArrayBufferLike, offset: number, length: number) => A,
    size: number,
  ): A => {
    const view = raw(name);
    return make(view.buffer, view.byteOffset, view.byteLength / size);
  };
  const u32 = (name: string) => typed(name, (b, o, n) => new Uint32Array(b, o, n), 4);
  const i32 = (name: string) => typed(name, (b, o, n) => new Int32Array(b, o, n), 4);
  const u16 = (name: string) => typed(name, (b, o, n) => new Uint16Array(b, o, n), 2);
  const text = (name: string) => decoder.decode(raw(name));
  const indexData = (prefix: string): IndexData => {
    const meta = JSON.parse(text(`${prefix}.meta`)) as Pick<
      IndexData,
      'documentCount' | 'fields' | 'averageFieldLength'
    >;
    const terms = text(`${prefix}.terms`);
    return {
      ...meta,
      terms: terms === '' ? [] : terms.split('\n'),
      fieldLength: u32(`${prefix}.fieldLength`),
      counts: u32(`${prefix}.counts`),
      docs: u32(`${prefix}.docs`),
      freqs: u16(`${prefix}.freqs`),
    };
  };

  const strings = (name: string): string[] => {
    const all = text(name);
    const ends = u32(`${name.slice(0, -1)}Ends`);
    return Array.from(ends, (end, i) => all.slice(i === 0 ? 0 : ends[i - 1]!, end));
  };
  const ids = strings('ids');
  const titles = strings('titles');
  const files = { names: strings('files'), of: u32('fileOf') };
  const changes = fileApplies && file.kind === 'changes' ? file.changes : decodeChanges(raw('changes'));
  const meta = raw('meta');
  const metaEnds = u32('metaEnds');
  const texts = raw('texts');
  const textEnds = u32('textEnds');
  const slice = (bytesOf: Uint8Array, ends: Uint32Array, i: number) =>
    bytesOf.subarray(i === 0 ? 0 : ends[i - 1]!, ends[i]!);
  const store = PaperStore.lazy(ids, titles, files, (i) => ({
    id: ids[i]!,
    title: titles[i]!,
    text: decoder.decode(slice(texts, textEnds, i)),
    ...(JSON.parse(decoder.decode(slice(meta, metaEnds, i))) as Omit<Paper, 'id' | 'title' | 'text'>),
  }));
  const index = SearchIndex.fromParts({
    options: header.options,
    store,
    firstChunk: i32('firstChunk'),
    chunkStart: i32('chunkStart'),
    chunkEnd: i32('chunkEnd'),
    titles: TitleList.restore({
      joined: text('titleList.joined'),
      order: i32('titleList.order'),
      wordOrder: i32('titleList.wordOrder'),
    }),
    chunks: ChunkIndex.restore(indexData('chunks')),
    lookup: PaperLookupIndex.restore(indexData('lookup')),
    changes,
  });
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
