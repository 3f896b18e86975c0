/**
 * The frame every snapshot file starts with: 4 bytes of magic, the format version and the header's byte
 * length (little-endian 32-bit), then the header as JSON naming its format and version again. What
 * follows the header is the file's own.
 */
export interface FileFormat {
  /** Four ASCII characters. */
  magic: string;
  /** Bumped whenever what is written changes; an older file is then rebuilt, never misread. */
  version: number;
  /** The header's `format`. */
  name: string;
}

/** Bytes of magic, version and header length before the header. */
export const FRAME_LEAD_BYTES = 12;

/** The header fields the frame writes itself. */
export interface FramedHeader {
  format: string;
  version: number;
}

/**
 * Why bytes are not a file this version can read. `damaged`: the bytes are not what any version writes
 * (foreign, corrupted or cut short), as opposed to a file of another format version.
 */
export interface FrameStale {
  kind: 'stale';
  reason: string;
  damaged: boolean;
}

export type FrameRead = { kind: 'frame'; header: Record<string, unknown>; headerEnd: number } | FrameStale;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The header as written: its format and version first, then `fields`. */
function headerBytes(format: FileFormat, fields: object): Uint8Array {
  return encoder.encode(JSON.stringify({ format: format.name, version: format.version, ...fields }));
}

/**
 * The bytes a frame with this header takes, padding aside.
 * @example frameLength(SNAPSHOT_FORMAT, { fingerprint: 'corpus-v2:…' }) // 12 + the header's JSON length
 */
export function frameLength(format: FileFormat, fields: object): number {
  return FRAME_LEAD_BYTES + headerBytes(format, fields).length;
}

/**
 * The frame of a file: lead and header, zero-padded to `size` bytes when that is longer.
 * @example await writeFile(path, Buffer.concat([encodeFrame(CHANGES_FORMAT, header), body]))
 */
export function encodeFrame(format: FileFormat, fields: object, size = 0): Uint8Array {
  const header = headerBytes(format, fields);
  const out = new Uint8Array(Math.max(size, FRAME_LEAD_BYTES + header.length));
  out.set(encoder.encode(format.magic), 0);
  const view = new DataView(out.buffer);
  view.setUint32(4, format.version, true);
  view.setUint32(8, header.length, true);
  out.set(header, FRAME_LEAD_BYTES);
  return out;
}

/**
 * Where the header of a frame ends, from its first {@link FRAME_LEAD_BYTES} bytes (to read no more of a
 * large file than its header).
 */
export function frameEnd(lead: Uint8Array): number {
  if (lead.length < FRAME_LEAD_BYTES) return FRAME_LEAD_BYTES;
  return FRAME_LEAD_BYTES + new DataView(lead.buffer, lead.byteOffset, lead.byteLength).getUint32(8, true);
}

/**
 * Reads the frame of a file of `format`: its header as a JSON object, or why the bytes are stale. Never
 * throws: a file that does not frame is a reason, not an error.
 * @example readFrame(bytes, CHANGES_FORMAT) // { kind: 'frame', header: { format: 'paperboy-index-changes', … }, headerEnd: 131 }
 */
export function readFrame(bytes: Uint8Array, format: FileFormat): FrameRead {
  const damaged = (reason: string): FrameStale => ({ kind: 'stale', reason, damaged: true });
  if (bytes.length < FRAME_LEAD_BYTES) {
    return damaged(`${bytes.length} bytes, too short for a header (${FRAME_LEAD_BYTES} bytes before it)`);
  }
  const magic = decoder.decode(bytes.subarray(0, 4));
  if (magic !== format.magic) return damaged(`bad magic ${JSON.stringify(magic)}, expected "${format.magic}"`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version !== format.version) {
    return { kind: 'stale', reason: `format version ${version}, this version reads ${format.version}`, damaged: false };
  }
  const headerEnd = frameEnd(bytes);
  if (headerEnd > bytes.length) {
    return damaged(`header of ${headerEnd - FRAME_LEAD_BYTES} bytes is cut short (the file has ${bytes.length})`);
  }
  const text = decoder.decode(bytes.subarray(FRAME_LEAD_BYTES, headerEnd));
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (error) {
    return damaged(`header is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    return damaged(`header is not a JSON object: ${text.slice(0, 40)}`);
  }
  const { format: name, version: named } = header as Partial<FramedHeader>;
  if (name !== format.name || named !== format.version) {
    return damaged(
      `header names format ${JSON.stringify(name)} version ${JSON.stringify(named)}, ` +
        `expected "${format.name}" version ${format.version}`,
    );
  }
  return { kind: 'frame', header: header as Record<string, unknown>, headerEnd };
}
