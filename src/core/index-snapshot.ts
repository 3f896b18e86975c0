import { ChunkIndex } from './chunk-index.js';
import type { IndexData } from './compact-minisearch.js';
import type { Paper } from './paper.js';
import { PaperLookupIndex } from './paper-lookup-index.js';
import { PaperStore } from './paper-store.js';
import { SearchIndex, type SearchOptions } from './search-index.js';
import { TitleList } from './title-list.js';

/**
 * The snapshot format: a magic number, a JSON header, then 8-byte-aligned sections of raw typed arrays
 * and UTF-8 text, so loading is mostly views on the file's bytes (no JSON for postings, no Map per posting,
 * and a paper's metadata and text are decoded only when the paper is first used).
 * Bump `version` whenever what is written changes; an older snapshot is then rebuilt, never misread.
 */
export const SNAPSHOT_FORMAT = {
  magic: 'PBIX',
  version: 2,
  /** Sections start at multiples of this, so typed arrays can view them in place. */
  alignment: 8,
} as const;

export interface SnapshotHeader {
  format: 'paperboy-index';
  version: number;
  /** The corpus fingerprint the index was built from. */
  fingerprint: string;
  /** Typed arrays are stored in this machine's byte order. */
  littleEndian: boolean;
  options: SearchOptions;
  papers: number;
  chunks: number;
  /** Section name → [byte offset from the file start, byte length]. */
  sections: Record<string, [number, number]>;
}

export type SnapshotRead =
  | { kind: 'loaded'; index: SearchIndex; header: SnapshotHeader }
  /** Not an error: the snapshot is for another corpus, format or setting, and the index must be rebuilt. */
  | { kind: 'stale'; reason: string };

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
 * Serialises an index for `fingerprint` into byte parts to be written in order (one file).
 * @example await writeFile(path, Buffer.concat(encodeSnapshot(index, fingerprint)))
 */
export function encodeSnapshot(index: SearchIndex, fingerprint: string): Uint8Array[] {
  const parts = index.parts();
  const papers = parts.store.list();
  const [ids, idEnds] = stringList(parts.store.ids);
  const [titles, titleEnds] = stringList(parts.store.titles);
  const [meta, metaEnds] = byteList(papers.map(({ id: _id, title: _title, text: _text, ...rest }) => json(rest)));
  const [texts, textEnds] = byteList(papers.map((paper) => encoder.encode(paper.text)));
  const titleList = parts.titles.parts();

  const sections: Array<[string, Section]> = [
    ['ids', ids],
    ['idEnds', idEnds],
    ['titles', titles],
    ['titleEnds', titleEnds],
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
    ...indexSections('chunks', parts.chunks.exportData()),
    ...indexSections('lookup', parts.lookup.exportData()),
  ];

  const header: SnapshotHeader = {
    format: 'paperboy-index',
    version: SNAPSHOT_FORMAT.version,
    fingerprint,
    littleEndian: LITTLE_ENDIAN,
    options: parts.options,
    papers: parts.store.count,
    chunks: parts.chunkStart.length,
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
 * Loads an index from snapshot bytes when they were written for `fingerprint` with these `options`;
 * otherwise says why it is stale. The loaded index answers exactly as the one that was saved.
 * @example const read = decodeSnapshot(bytes, fingerprint, SEARCH_OPTIONS); if (read.kind === 'loaded') ask(read.index, q)
 */
export function decodeSnapshot(bytes: Uint8Array, fingerprint: string, options: SearchOptions): SnapshotRead {
  const head = readSnapshotHeader(bytes);
  if (head.kind === 'stale') return head;
  const { header } = head;
  if (header.fingerprint !== fingerprint)
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
  const meta = raw('meta');
  const metaEnds = u32('metaEnds');
  const texts = raw('texts');
  const textEnds = u32('textEnds');
  const slice = (bytesOf: Uint8Array, ends: Uint32Array, i: number) =>
    bytesOf.subarray(i === 0 ? 0 : ends[i - 1]!, ends[i]!);
  const store = PaperStore.lazy(ids, titles, (i) => ({
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
  });
  return { kind: 'loaded', index, header };
}

function align(offset: number): number {
  const a = SNAPSHOT_FORMAT.alignment;
  return Math.ceil(offset / a) * a;
}
