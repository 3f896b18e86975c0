import { describe, expect, it } from 'vitest';
import { splitWords } from '../../../../src/core/search/text/tokenize.js';
import { hashWord, WordCursor } from '../../../../src/core/search/text/word-cursor.js';

function cursorWords(text: string, from = 0, to = text.length): string[] {
  const cursor = new WordCursor();
  cursor.reset(text, from, to);
  const words: string[] = [];
  while (cursor.next()) {
    expect(cursor.hash).toBe(hashWord(text.slice(cursor.start, cursor.end)));
    words.push(text.slice(cursor.start, cursor.end));
  }
  return words;
}

/** Letters, digits, marks, joiners, spaces, punctuation and surrogate pairs (whole and cut), mixed. */
const PIECES = [
  'a',
  'Z',
  '7',
  'é',
  'e\u0301',
  '\u0301',
  '-',
  '\u2010',
  '\u2011',
  "'",
  '\u2019',
  ' ',
  '.',
  ',',
  '\n',
  '%',
  'ß',
  'Ω',
  '汉',
  '\u{1D431}',
  '\u{1F600}',
  '\uD835',
  '\uDC31',
  '\u00A0',
  '–',
  '_',
  '²',
  '٣',
];

function randomText(seed: number, length: number): string {
  let state = seed;
  const random = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
  let text = '';
  for (let i = 0; i < length; i++) text += PIECES[Math.floor(random() * PIECES.length)];
  return text;
}

describe('WordCursor', () => {
  it('finds the words splitWords finds, joined by inner hyphens and apostrophes', () => {
    const text = "Pre-training, at 95% — the model's state-of-the-art -x- don't 'quoted' e\u0301te\u0301 \u{1D431}-net";
    expect(cursorWords(text)).toEqual(splitWords(text));
    expect(cursorWords(text)).toContain('state-of-the-art');
  });

  it('agrees with splitWords on random mixes of letters, marks, joiners and surrogates', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const text = randomText(seed, 1 + (seed % 60));
      expect(cursorWords(text), JSON.stringify(text)).toEqual(splitWords(text));
    }
  });

  it('reads a range as if it were the whole text', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const text = randomText(seed * 7, 40);
      const from = seed % 13;
      const to = Math.max(from, text.length - (seed % 11));
      expect(cursorWords(text, from, to), JSON.stringify(text.slice(from, to))).toEqual(
        splitWords(text.slice(from, to)),
      );
    }
  });

  it('finds nothing in an empty range or one without letters and digits', () => {
    expect(cursorWords('')).toEqual([]);
    expect(cursorWords('mask ratio', 4, 4)).toEqual([]);
    expect(cursorWords(' -- \u0301 ’ ')).toEqual([]);
  });
});
