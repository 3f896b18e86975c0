import { describe, expect, it } from 'vitest';
import {
  asksForQuantity,
  scoreSentence,
  SENTENCE_WEIGHTS,
  sentenceFeatures,
} from '../../../src/core/answer/sentence-choice.js';

describe('sentence choice', () => {
  it('reads a question as asking for a quantity from its words or its numbers', () => {
    for (const q of ['how many layers', 'what mask ratio', 'what batch size does DropPos use', '32% of programs'])
      expect(asksForQuantity(q)).toBe(true);
    expect(asksForQuantity('how does DropPos avoid trivial solutions')).toBe(false);
  });

  it('gives each sentence its coverage, its better neighbour, its position, and its finding and number cues', () => {
    const texts = ['Cancer is common.', 'We measured 40 mice.', 'We found a significant rise.'];
    const [a, b, c] = sentenceFeatures(texts, [0.2, 0.5, 0.6], [0, 0.4, 0.8], 'how many mice');
    expect(a).toEqual({ coverage: 0.2, context: 0.5, position: 0, finding: 0, quantity: 0 });
    expect(b).toEqual({ coverage: 0.5, context: 0.6, position: 0.4, finding: 0, quantity: 1 });
    expect(c).toEqual({ coverage: 0.6, context: 0.5, position: 0.8, finding: 1, quantity: 0 });
    expect(sentenceFeatures(texts, [0, 0, 0], [0, 0, 0], 'mice')[1]!.quantity).toBe(0);
  });

  it('prefers, at equal coverage, a late sentence reporting a finding over an early background one', () => {
    const [background, finding] = sentenceFeatures(
      ['Obesity is a risk factor.', 'These results suggest obesity raises risk.'],
      [0.5, 0.5],
      [0, 0.9],
      'obesity risk',
    );
    expect(scoreSentence(finding!, SENTENCE_WEIGHTS)).toBeGreaterThan(scoreSentence(background!, SENTENCE_WEIGHTS));
    // Coverage still leads: a sentence holding far more of the question wins from the start.
    const [covering, late] = sentenceFeatures(['a', 'b'], [1, 0.2], [0, 1], 'x');
    expect(scoreSentence(covering!, SENTENCE_WEIGHTS)).toBeGreaterThan(scoreSentence(late!, SENTENCE_WEIGHTS));
  });
});
