import { ChunkIndex } from '../engine/chunk-index.js';
import type { IndexData } from '../engine/compact-minisearch.js';
import type { Paper } from '../../paper/paper.js';
import { PaperLookupIndex } from '../engine/paper-lookup-index.js';
import { PaperStore } from '../engine/paper-store.js';
import type { SearchIndexParts } from '../search-index.js';
import { TitleList } from '../engine/title-list.js';

/** One section of a snapshot: raw typed-array bytes or UTF-8 text. */
export type Section = Uint8Array | Uint16Array | Uint32Array | Int32Array;

/** The parts of an index its base sections hold: all but its settings and its changes since. */
export type BaseParts = Omit<SearchIndexParts, 'options' | 'changes'>;

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
 * The sections of an index's base, named, in the order they are written: papers (ids, titles, files,
 * metadata and text as lists), chunk bounds, the title list and both MiniSearch indexes' postings.
 * @example const sections = baseSections(index.parts())
 */
export function baseSections(parts: SearchIndexParts): Array<[string, Section]> {
  const base = parts.store.base();
  const papers = Array.from(base.ids, (_, ordinal) => base.paper(ordinal));
  const [ids, idEnds] = stringList(base.ids);
  const [titles, titleEnds] = stringList(base.titles);
  const [files, fileEnds] = stringList(base.files.names);
  const [meta, metaEnds] = byteList(papers.map(({ id: _id, title: _title, text: _text, ...rest }) => json(rest)));
  const [texts, textEnds] = byteList(papers.map((paper) => encoder.encode(paper.text)));
  const titleList = parts.titles.parts();
  return [
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
}

/**
 * The base parts from sections written by {@link baseSections}, as views on their bytes where they are
 * typed arrays (`section(name)` must start at a multiple of 8 bytes). A paper's metadata and text are
 * decoded only when the paper is first used.
 */
export function restoreBase(
  section: (name: string) => Uint8Array,
  piece?: (name: string, start: number, length: number) => Uint8Array,
): BaseParts {
  const typed = <A>(
    name: string,
    make: (buffer: ArrayBufferLike, offset: number, length: number) => A,
    size: number,
  ) => {
    const view = section(name);
    return make(view.buffer, view.byteOffset, view.byteLength / size);
  };
  const u32 = (name: string) => typed(name, (b, o, n) => new Uint32Array(b, o, n), 4);
  const i32 = (name: string) => typed(name, (b, o, n) => new Int32Array(b, o, n), 4);
  const u16 = (name: string) => typed(name, (b, o, n) => new Uint16Array(b, o, n), 2);
  const text = (name: string) => decoder.decode(section(name));
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
  // A paper's metadata and text are read when the paper is first used: from the file when the source
  // reads pieces (they then never sit in memory), else from the sections in memory.
  const list = (name: string, endsName: string): ((i: number) => Uint8Array) => {
    const ends = u32(endsName);
    const bounds = (i: number): [number, number] => [i === 0 ? 0 : ends[i - 1]!, ends[i]!];
    if (piece) {
      return (i) => {
        const [start, end] = bounds(i);
        return piece(name, start, end - start);
      };
    }
    const bytes = section(name);
    return (i) => bytes.subarray(...bounds(i));
  };
  const meta = list('meta', 'metaEnds');
  const texts = list('texts', 'textEnds');
  return {
    store: PaperStore.lazy(ids, titles, files, (i) => ({
      id: ids[i]!,
      title: titles[i]!,
      text: decoder.decode(texts(i)),
      ...(JSON.parse(decoder.decode(meta(i))) as Omit<Paper, 'id' | 'title' | 'text'>),
    })),
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
  };
}
