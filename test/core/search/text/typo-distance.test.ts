import { describe, expect, it } from 'vitest';
import { LOOKUP_TYPOS, QUESTION_TYPOS, typoDistance } from '../../../../src/core/search/text/typo-distance.js';

const byLength = (tolerance: typeof QUESTION_TYPOS) =>
  Array.from({ length: 10 }, (_, length) => typoDistance(length, tolerance));

describe('typoDistance', () => {
  it('forgives a question word one edit from 3 letters and two from 5', () => {
    expect(byLength(QUESTION_TYPOS)).toEqual([0, 0, 0, 1, 1, 2, 2, 2, 2, 2]);
  });

  it('forgives a lookup word one edit from 4 letters and two from 8', () => {
    expect(byLength(LOOKUP_TYPOS)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2, 2]);
  });
});
