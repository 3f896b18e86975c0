import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';

/**
 * Longest line a reader keeps in memory. Real lines are far shorter (the longest abstract in the
 * 87,679-paper set is ~20 KB); anything beyond this is skipped while streaming and reported.
 */
export const MAX_LINE_BYTES = 4 * 1024 * 1024;

export type LineEvent =
  | { kind: 'line'; line: number; text: string }
  | { kind: 'too-long'; line: number; bytes: number }
  | { kind: 'bad-utf8'; line: number; column: number }
  | { kind: 'unreadable'; line: number; message: string };

export interface ReadLinesOptions {
  /** Decompress with gzip (`.gz` files). */
  gzip?: boolean;
  maxLineBytes?: number;
  /** Called with the number of bytes read from disk (compressed bytes for gzip), as they are read. */
  onBytes?: (bytes: number) => void;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const NEWLINE = 0x0a;
const CR = 0x0d;

/** The 1-based byte column of the first byte that is not valid UTF-8 (binary search over prefixes). */
function badByteColumn(bytes: Uint8Array): number {
  const prefixDecodes = (length: number): boolean => {
    try {
      // stream: an incomplete sequence at the cut is not an error, an invalid byte is.
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, length), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  let good = 0;
  let bad = bytes.length;
  while (good + 1 < bad) {
    const mid = Math.floor((good + bad) / 2);
    if (prefixDecodes(mid)) good = mid;
    else bad = mid;
  }
  // The decoder fails on the byte that breaks a sequence; the culprit is where that sequence began.
  const failed = bad - 1;
  let lead = failed - 1;
  while (lead >= 0 && isContinuation(bytes[lead]!)) lead--;
  if (lead >= 0 && bytes[lead]! >= 0xc0 && failed - lead < sequenceLength(bytes[lead]!)) return lead + 1;
  return failed + 1;
}

function isContinuation(byte: number): boolean {
  return byte >= 0x80 && byte < 0xc0;
}

function sequenceLength(lead: number): number {
  return lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
}

function decodeLine(line: number, bytes: Uint8Array): LineEvent {
  const body = bytes.length > 0 && bytes[bytes.length - 1] === CR ? bytes.subarray(0, -1) : bytes;
  try {
    return { kind: 'line', line, text: UTF8.decode(body) };
  } catch {
    return { kind: 'bad-utf8', line, column: badByteColumn(body) };
  }
}

/**
 * Streams a file's lines, decoding each with a fatal UTF-8 decoder. A line longer than `maxLineBytes` is
 * never held in memory: its bytes are counted and dropped, and a `too-long` event reports it. Undecodable
 * lines and read errors (a truncated gzip) are events too, so one bad line never hides the rest.
 */
export async function* readLines(path: string, options: ReadLinesOptions = {}): AsyncGenerator<LineEvent> {
  const maxLineBytes = options.maxLineBytes ?? MAX_LINE_BYTES;
  const raw = createReadStream(path, { highWaterMark: 256 * 1024 });
  if (options.onBytes) {
    const onBytes = options.onBytes;
    raw.on('data', (chunk) => onBytes(chunk.length));
  }
  // pipeline() carries a read error into the gunzip stream, where the loop below sees it.
  const source: AsyncIterable<Buffer> = options.gzip ? pipeline(raw, createGunzip(), () => {}) : raw;

  let line = 1;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let overflow = false;
  try {
    for await (const chunk of source) {
      let from = 0;
      for (let nl = chunk.indexOf(NEWLINE, from); nl !== -1; nl = chunk.indexOf(NEWLINE, from)) {
        const piece = chunk.subarray(from, nl);
        if (overflow || pendingBytes + piece.length > maxLineBytes) {
          yield { kind: 'too-long', line, bytes: pendingBytes + piece.length };
        } else {
          yield decodeLine(line, pending.length === 0 ? piece : Buffer.concat([...pending, piece]));
        }
        pending = [];
        pendingBytes = 0;
        overflow = false;
        line++;
        from = nl + 1;
      }
      const tail = chunk.subarray(from);
      pendingBytes += tail.length;
      if (overflow || pendingBytes > maxLineBytes) {
        overflow = true;
        pending = [];
      } else if (tail.length > 0) {
        // Copy: the stream may reuse its buffer.
        pending.push(Buffer.from(tail));
      }
    }
  } catch (error) {
    yield { kind: 'unreadable', line, message: error instanceof Error ? error.message : String(error) };
    return;
  } finally {
    raw.destroy();
  }
  if (overflow) yield { kind: 'too-long', line, bytes: pendingBytes };
  else if (pendingBytes > 0) yield decodeLine(line, Buffer.concat(pending));
}
