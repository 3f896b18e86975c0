import { describe, expect, it } from 'vitest';
import { CompactPostings, FieldPostings, IdentityMap } from '../../../../src/core/search/engine/compact-postings.js';

describe('compact postings', () => {
  const shared = { docs: Uint32Array.from([9, 1, 4, 7, 9]), freqs: Uint16Array.from([5, 2, 1, 3, 1]) };
  const postings = new CompactPostings(shared.docs, shared.freqs, 1, 5);

  it('reads like the Map it replaces, within its range of the shared arrays', () => {
    expect(postings.size).toBe(4);
    expect([...postings]).toEqual([
      [1, 2],
      [4, 1],
      [7, 3],
      [9, 1],
    ]);
    expect([...postings.keys()]).toEqual([1, 4, 7, 9]);
    expect([...postings.keys()].map((doc) => postings.get(doc))).toEqual([2, 1, 3, 1]);
    expect(postings.get(7)).toBe(3);
    expect(postings.get(1)).toBe(2);
    expect(postings.has(5)).toBe(false);
    expect(postings.get(0)).toBeUndefined();
  });

  it('freezes a Map, sorting documents', () => {
    const frozen = CompactPostings.from(
      new Map([
        [30, 1],
        [2, 4],
      ]),
    );
    expect([...frozen]).toEqual([
      [2, 4],
      [30, 1],
    ]);
  });

  it('refuses writes, naming what was attempted', () => {
    expect(() => postings.set(3)).toThrow('CompactPostings: read-only (set 3)');
    expect(() => new FieldPostings([postings]).delete(0)).toThrow('read-only (delete field 0)');
    expect(() => new IdentityMap(3).set(1)).toThrow('read-only (set id 1)');
  });

  it('maps fields and ids', () => {
    const fields = new FieldPostings([undefined, postings]);
    expect(fields.size).toBe(1);
    expect(fields.get(1)).toBe(postings);
    expect([...fields.keys()]).toEqual([1]);
    const ids = new IdentityMap(3);
    expect([...ids]).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
    ]);
    expect(ids.get(2)).toBe(2);
    expect(ids.has(3)).toBe(false);
  });
});
