import { describe, expect, it } from 'vitest';
import { decodeVoteButton, encodeVoteButton, voteRows } from '../../../src/discord/votes/vote-row.js';

describe('vote buttons', () => {
  it('carry a paper id that fits, and a hash of one that does not, resolved against the corpus', () => {
    const short = 'pred-pre-training-via-semantic-rendering-on-lida-f20753ba01';
    const long = `paper-${'x'.repeat(150)}`;
    const hashLike = '#not-a-hash';
    expect(encodeVoteButton(short)).toBe(`vote1:${short}`);
    const encodedLong = encodeVoteButton(long);
    expect(encodedLong.length).toBeLessThanOrEqual(100);
    expect(encodedLong).toMatch(/^vote1:#[\w-]{16}$/);
    const ids = () => [short, long, hashLike];
    expect(decodeVoteButton(`vote1:${short}`, ids)).toBe(short);
    expect(decodeVoteButton(encodedLong, ids)).toBe(long);
    // An id that starts with '#' is hashed too, so it cannot be mistaken for a hash.
    expect(decodeVoteButton(encodeVoteButton(hashLike), ids)).toBe(hashLike);
    expect(decodeVoteButton('vote1:#AAAAAAAAAAAAAAAA', ids)).toBeUndefined();
    expect(decodeVoteButton('vote1:', ids)).toBeUndefined();
    expect(decodeVoteButton('ask1:p:0:abc', ids)).toBeUndefined();
  });

  it('number the papers from the page’s first, five to a row, one button per paper, within the row budget', () => {
    const ids = Array.from({ length: 12 }, (_v, i) => `p${i}`);
    const rows = voteRows(ids, { firstNumber: 6, maxRows: 2 });
    expect(rows).toHaveLength(2);
    expect(rows.flatMap((r) => r.components.map((c) => ('label' in c ? c.label : '')))).toEqual(
      Array.from({ length: 10 }, (_v, i) => `👍 ${i + 6}`),
    );
    expect(voteRows(['a', 'a', 'b']).flatMap((r) => r.components)).toHaveLength(2);
    expect(voteRows([])).toEqual([]);
  });
});
