import { describe, expect, it } from 'vitest';
import {
  annotatedSentenceAt,
  emptyTally,
  locateSentences,
  seededRandom,
  sentenceScores,
  tallyClaim,
} from '../../../src/core/eval/rationale-metrics.js';

const TEXT = 'Background here. We found a 2-fold rise in risk (P < 0.01). It suggests a link.';
const SENTENCES = ['Background here.', 'We found a 2-fold rise in risk (P < 0.01).', 'It suggests a link.'];

describe('rationale metrics', () => {
  it('locates annotated sentences in the text in order', () => {
    expect(locateSentences(TEXT, SENTENCES)).toEqual([
      { start: 0, end: 16 },
      { start: 17, end: 59 },
      { start: 60, end: 79 },
    ]);
    expect(locateSentences(TEXT, ['not there', 'It suggests a link.'])).toEqual([null, { start: 60, end: 79 }]);
  });

  it('maps a quoted span to the annotated sentence it overlaps most, even when split differently', () => {
    expect(annotatedSentenceAt(TEXT, SENTENCES, { start: 17, end: 59 })).toBe(1);
    // A quote spanning the end of one sentence and most of the next belongs to the next.
    expect(annotatedSentenceAt(TEXT, SENTENCES, { start: 50, end: 79 })).toBe(2);
    // Sentences not found as written fall back to shared words.
    expect(annotatedSentenceAt('A rise in risk.', ['a rise in risk', 'nothing'], { start: 0, end: 15 })).toBe(0);
    expect(annotatedSentenceAt('zzz', ['a b c'], { start: 0, end: 3 })).toBe(-1);
  });

  it('counts given-doc hits over claims with the abstract, p@1 over all claims', () => {
    const tally = emptyTally();
    tallyClaim(tally, 0, true);
    tallyClaim(tally, 1, true);
    tallyClaim(tally, 0, false);
    tallyClaim(tally, -1, false);
    expect(tally).toEqual({ claims: 4, withDoc: 3, hitGivenDoc: 2, hitAt1: 1 });
    expect(sentenceScores(tally)).toEqual({ sentence_given_doc: 0.6667, 'sentence_p@1': 0.25 });
  });

  it('draws the same random numbers for the same seed', () => {
    const [a, b] = [seededRandom(7), seededRandom(7)];
    const draws = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(draws);
    for (const x of draws) expect(x >= 0 && x < 1).toBe(true);
  });
});
