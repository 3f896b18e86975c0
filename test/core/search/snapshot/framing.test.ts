import { describe, expect, it } from 'vitest';
import {
  CHANGES_FORMAT,
  encodeChangesHeader,
  readChangesFile,
} from '../../../../src/core/search/snapshot/changes-file.js';
import {
  encodeFrame,
  frameEnd,
  frameLength,
  FRAME_LEAD_BYTES,
  readFrame,
} from '../../../../src/core/search/snapshot/framing.js';
import { SNAPSHOT_FORMAT } from '../../../../src/core/search/snapshot/index-snapshot.js';

const FIELDS = { fingerprint: 'corpus-v2:abc', base: 'sha256:00', removed: 0, added: 0 };

describe('file framing', () => {
  it('reads back the header it wrote, format and version first, and where the header ends', () => {
    const bytes = encodeFrame(CHANGES_FORMAT, FIELDS);
    expect(bytes.length).toBe(frameLength(CHANGES_FORMAT, FIELDS));
    expect(frameEnd(bytes)).toBe(bytes.length);
    expect(readFrame(bytes, CHANGES_FORMAT)).toEqual({
      kind: 'frame',
      header: { format: 'paperboy-index-changes', version: CHANGES_FORMAT.version, ...FIELDS },
      headerEnd: bytes.length,
    });
  });

  it('pads a frame to the size asked for, and the padding is not header', () => {
    const bytes = encodeFrame(SNAPSHOT_FORMAT, FIELDS, 256);
    expect(bytes.length).toBe(256);
    const read = readFrame(bytes, SNAPSHOT_FORMAT);
    expect(read.kind === 'frame' && read.headerEnd).toBe(frameLength(SNAPSHOT_FORMAT, FIELDS));
  });

  it("reads one format's file as another's as damaged: the magic differs", () => {
    expect(readFrame(encodeFrame(CHANGES_FORMAT, FIELDS), SNAPSHOT_FORMAT)).toEqual({
      kind: 'stale',
      reason: 'bad magic "PBCH", expected "PBIX"',
      damaged: true,
    });
  });

  it('reads a frame whose header names another format or version than its lead as damaged', () => {
    const bytes = encodeFrame(CHANGES_FORMAT, { ...FIELDS, version: 7 });
    expect(readFrame(bytes, CHANGES_FORMAT)).toMatchObject({
      kind: 'stale',
      reason: 'header names format "paperboy-index-changes" version 7, expected "paperboy-index-changes" version 1',
      damaged: true,
    });
  });

  it('reads a changes file whose header is damaged or cut short as stale, never throwing', () => {
    const file = new Uint8Array([...encodeChangesHeader(FIELDS), ...new TextEncoder().encode('[]\n')]);
    expect(readChangesFile(file)).toMatchObject({ kind: 'changes', changes: { removed: [], added: [] } });
    const broken = file.slice();
    broken[FRAME_LEAD_BYTES + 1] = 0x7d; // '"' → '}'
    for (const bytes of [broken, file.subarray(0, FRAME_LEAD_BYTES + 3), file.subarray(0, 5)]) {
      expect(readChangesFile(bytes)).toMatchObject({ kind: 'stale', damaged: true });
    }
  });
});
