import { describe, expect, it } from 'vitest';
import { SearchIndex } from '../../../../src/core/search/search-index.js';
import { analyze, termsOf, tokenize } from '../../../../src/core/search/text/tokenize.js';
import { paper } from '../../search-fixtures.js';

describe('tokenize', () => {
  it('gives a hyphenated word its joined form and its parts', () => {
    expect(termsOf('Pre-Training')).toEqual(['pretrain', 'pre', 'train']);
    expect(termsOf('pretraining')).toEqual(['pretrain']);
    expect(analyze('pre training')).toEqual(['pre', 'train']);
  });

  it('drops stop words and question words, stems, folds accents and possessives', () => {
    expect(analyze('What is the mask ratio of PRED’s masking?')).toEqual(['mask', 'ratio', 'pred', 'mask']);
    expect(analyze('Sandström')).toEqual(['sandstrom']);
    expect(analyze('state-of-the-art')).toEqual(['stateoftheart', 'state', 'art']);
  });

  it('keeps numbers and offsets into the original text', () => {
    const text = 'a high mask ratio (95%)';
    const tokens = tokenize(text).filter((t) => t.terms.length > 0);
    expect(tokens.map((t) => text.slice(t.start, t.end))).toEqual(['high', 'mask', 'ratio', '95']);
    expect(tokens.at(-1)?.terms).toEqual(['95']);
  });

  it('lets pre-training, pretraining and pre training find each other', () => {
    const index = SearchIndex.build([
      paper('hyphen', 'Hyphenated', 'We study pre-training of encoders.'),
      paper('joined', 'Joined', 'We study pretraining of encoders.'),
      paper('spaced', 'Spaced', 'We study pre training of encoders.'),
      paper('other', 'Other', 'We study fine-tuning of decoders.'),
    ]);
    const found = (q: string) => index.rankIds(index.readQuestion(q), 10).sort();
    expect(found('pre-training')).toEqual(['hyphen', 'joined', 'spaced']);
    expect(found('pre training')).toEqual(['hyphen', 'joined', 'spaced']);
    // One written word is not split into guessed parts: `pretraining` finds the joined and hyphenated forms.
    expect(found('pretraining')).toEqual(['hyphen', 'joined']);
  });
});
