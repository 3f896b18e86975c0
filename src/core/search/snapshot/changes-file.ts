import type { Paper } from '../../paper/paper.js';
import type { IndexChanges } from '../search-index.js';
import { encodeFrame, readFrame, type FileFormat, type FrameStale } from './framing.js';

/**
 * A file of changes: the papers removed from and added to a snapshot's base since, for a newer corpus
 * fingerprint. Small next to the snapshot, so it is what is written while the bot runs; loading applies
 * it to the base it names. The frame ({@link readFrame}), then the changes as JSON lines.
 */
export const CHANGES_FORMAT = {
  magic: 'PBCH',
  version: 1,
  name: 'paperboy-index-changes',
} as const satisfies FileFormat;

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

const encoder = new TextEncoder();
const decoder = new TextDecoder();

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

/** Reads {@link changeLines} back; throws on lines that are not JSON. */
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
  return encodeFrame(CHANGES_FORMAT, header);
}

/** Reads a changes file, or says why it is not one this version can read. */
export function readChangesFile(
  bytes: Uint8Array,
): { kind: 'changes'; header: ChangesHeader; changes: IndexChanges } | FrameStale {
  const frame = readFrame(bytes, CHANGES_FORMAT);
  if (frame.kind === 'stale') return frame;
  const header = frame.header as unknown as ChangesHeader;
  // Written through a temporary file, so a file that does not parse was cut short by something else.
  const cut: FrameStale = { kind: 'stale', reason: 'changes file is cut short', damaged: true };
  let changes: IndexChanges;
  try {
    changes = decodeChanges(bytes.subarray(frame.headerEnd));
  } catch {
    return cut;
  }
  if (changes.removed.length !== header.removed || changes.added.length !== header.added) return cut;
  return { kind: 'changes', header, changes };
}
