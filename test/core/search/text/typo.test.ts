import { describe, expect, it } from 'vitest';
import { allowedEdits, mayCorrect, typoDistance } from '../../../../src/core/search/text/typo.js';

describe('mayCorrect', () => {
  it.each([
    ['occupancy', 'accur'],
    ['occupancy', 'occlus'],
    ['prediction', 'predictor'],
    ['diffusion', 'differ'],
    ['trivial', 'avail'],
    ['batch', 'patch'],
  ])('does not read the English word %s as the indexed %s', (word, term) => {
    expect(mayCorrect(word, term)).toBe(false);
  });

  it.each([
    ['maskng', 'mask'],
    ['ratoi', 'ratio'],
    ['atention', 'attent'],
    ['transfromer', 'transform'],
    ['grpah', 'graph'],
    ['Symetry', 'symmetri'],
    ['reinforcment', 'reinforc'],
  ])('corrects the typo %s to %s', (word, term) => {
    expect(mayCorrect(word, term)).toBe(true);
  });

  it('allows 1 edit under 8 letters and 2 from 8, none under 3', () => {
    expect([2, 3, 7, 8, 12].map(allowedEdits)).toEqual([0, 1, 1, 2, 2]);
    expect(mayCorrect('gpah', 'graph')).toBe(false); // 2 edits in a 4-letter word
    expect(mayCorrect('ab', 'ac')).toBe(false);
    expect(mayCorrect('transfromerz', 'transform')).toBe(true);
  });

  it('counts an adjacent swap as one edit and lets a typo run a few letters past the stem', () => {
    expect(typoDistance('ratoi', 'ratio')).toBe(1);
    expect(typoDistance('maskng', 'mask')).toBe(0);
    expect(typoDistance('maskology', 'mask')).toBeGreaterThan(1);
  });
});
