import { joinPieces, type TextPiece } from './engine/index-builder.js';
import type { Paper } from '../paper/paper.js';
import { grown } from './engine/grown.js';
import type { PaperStore } from './engine/paper-store.js';
import { chunkPaper, type Chunk, type ChunkOptions } from './text/chunk.js';

/** Where a chunk lies in its paper's text. */
export type ChunkSpan = Pick<Chunk, 'start' | 'end'>;

/**
 * Which chunks are whose, and where each lies in its paper's text. Chunks of one paper are consecutive
 * ordinals, so a paper is a range of chunks; papers added later get the next chunk ordinals, and a
 * removed paper's chunks point to no paper (-1). The arrays are replaced as they grow: read them afresh
 * after a change.
 */
export class ChunkLayout {
  /** Chunk ordinal → paper ordinal; -1 for a removed paper's chunk. */
  chunkPaper: Int32Array;
  /** Paper ordinal → its first chunk ordinal; the next paper's entry closes the range. */
  firstChunk: Int32Array;
  /** Chunk ordinals handed out (live and removed). */
  chunkCount: number;
  private chunkStart: Int32Array;
  private chunkEnd: Int32Array;

  /** `firstChunk` has one entry per paper of `papers` and one closing the last; spans one per chunk. */
  constructor(papers: number, firstChunk: Int32Array, chunkStart: Int32Array, chunkEnd: Int32Array) {
    this.firstChunk = firstChunk;
    this.chunkStart = chunkStart;
    this.chunkEnd = chunkEnd;
    this.chunkCount = chunkStart.length;
    this.chunkPaper = new Int32Array(this.chunkCount);
    for (let p = 0; p < papers; p++) this.chunkPaper.fill(p, firstChunk[p]!, firstChunk[p + 1]!);
  }

  /** Gives paper `ordinal` (the next one) the next chunk ordinals, one per span; returns the first. */
  append(ordinal: number, spans: readonly ChunkSpan[]): number {
    const first = this.chunkCount;
    const end = first + spans.length;
    this.chunkPaper = grown(this.chunkPaper, end);
    this.chunkStart = grown(this.chunkStart, end);
    this.chunkEnd = grown(this.chunkEnd, end);
    this.firstChunk = grown(this.firstChunk, ordinal + 2);
    spans.forEach((span, i) => {
      this.chunkStart[first + i] = span.start;
      this.chunkEnd[first + i] = span.end;
      this.chunkPaper[first + i] = ordinal;
    });
    this.chunkCount = end;
    this.firstChunk[ordinal] = first;
    this.firstChunk[ordinal + 1] = end;
    return first;
  }

  /** Detaches paper `ordinal`'s chunks from it; returns their ordinals. */
  discard(ordinal: number): number[] {
    const chunks: number[] = [];
    for (let c = this.firstChunk[ordinal]!; c < this.firstChunk[ordinal + 1]!; c++) {
      this.chunkPaper[c] = -1;
      chunks.push(c);
    }
    return chunks;
  }

  /** Chunk `ordinal` of a live paper, its text cut from the paper `store` holds. */
  chunk(ordinal: number, store: PaperStore): Chunk {
    const p = this.chunkPaper[ordinal] ?? -1;
    if (p < 0) throw new RangeError(`SearchIndex: no live chunk ${ordinal}`);
    const paper = store.get(p);
    const start = this.chunkStart[ordinal]!;
    const end = this.chunkEnd[ordinal]!;
    const position = ordinal - this.firstChunk[p]!;
    return {
      id: `${paper.id}#${position}`,
      paperId: paper.id,
      position,
      start,
      end,
      text: paper.text.slice(start, end),
      page: pageAt(paper.pageStarts, start),
    };
  }

  /** The arrays of the first `papers` papers and `chunks` chunks (a snapshot's base). */
  base(papers: number, chunks: number): { firstChunk: Int32Array; chunkStart: Int32Array; chunkEnd: Int32Array } {
    return {
      firstChunk: this.firstChunk.subarray(0, papers + 1),
      chunkStart: this.chunkStart.subarray(0, chunks),
      chunkEnd: this.chunkEnd.subarray(0, chunks),
    };
  }
}

/**
 * A paper's chunks as the index holds them: a paper with no text is one empty chunk, still found by its title.
 * @example chunkSpans({ ...paper, text: '' }, CHUNK_OPTIONS) // [{ start: 0, end: 0 }]
 */
export function chunkSpans(paper: Pick<Paper, 'id' | 'text' | 'pageStarts'>, options: ChunkOptions): ChunkSpan[] {
  const chunks = chunkPaper(paper, options);
  return chunks.length > 0 ? chunks : [{ start: 0, end: 0 }];
}

/**
 * The text a chunk is indexed by: its paper's title and its own text, one field.
 * @example chunkBody(paper, 0, 40) // 'DropPos: …\nWe present DropPos, a novel pretext'
 */
export function chunkBody(paper: Pick<Paper, 'title' | 'text'>, start: number, end: number): string {
  return joinPieces(chunkPieces(paper, start, end));
}

/**
 * A chunk's body as pieces (the title, then the chunk's range of the text), for an index builder to read
 * without the copy; {@link chunkBody} joins them.
 * @example chunkPieces(paper, 0, 40) // [{ text: paper.title, start: 0, end: 8 }, { text: paper.text, start: 0, end: 40 }]
 */
export function chunkPieces(paper: Pick<Paper, 'title' | 'text'>, start: number, end: number): TextPiece[] {
  return [
    { text: paper.title, start: 0, end: paper.title.length },
    { text: paper.text, start, end },
  ];
}

/**
 * The 1-based PDF page holding `offset`, or null when the paper is not paged.
 * @example pageAt([0, 1200, 2400], 1500) // 2
 */
export function pageAt(pageStarts: readonly number[] | null, offset: number): number | null {
  if (!pageStarts || pageStarts.length === 0) return null;
  let page = 1;
  for (let i = 0; i < pageStarts.length; i++) if (pageStarts[i]! <= offset) page = i + 1;
  return page;
}
