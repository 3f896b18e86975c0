import { describe, expect, it } from 'vitest';
import { chunkPaper, splitSentences } from '../../../../src/core/search/text/chunk.js';

const paper = (text: string) => ({ id: 'p', text, pageStarts: null });

describe('chunkPaper', () => {
  it('keeps a short text as one chunk with exact offsets', () => {
    const text = '  One sentence. Two sentences here.  ';
    const [chunk, ...rest] = chunkPaper(paper(text));
    expect(rest).toEqual([]);
    expect(chunk?.text).toBe('One sentence. Two sentences here.');
    expect(text.slice(chunk!.start, chunk!.end)).toBe(chunk!.text);
  });

  it('puts every sentence in some chunk, bounded in words, overlapping by one sentence', () => {
    const sentences = Array.from({ length: 40 }, (_, i) => `Sentence number ${i} has exactly seven words.`);
    const text = sentences.join(' ');
    const chunks = chunkPaper(paper(text), { maxWords: 30, overlapSentences: 1 });
    for (const s of sentences) expect(chunks.some((c) => c.text.includes(s))).toBe(true);
    for (const c of chunks) {
      expect(c.text.split(/\s+/).length).toBeLessThanOrEqual(30);
      expect(text.slice(c.start, c.end)).toBe(c.text);
    }
    expect(chunks[1]!.start).toBeLessThan(chunks[0]!.end);
  });

  it('cuts a sentence longer than the bound at word boundaries', () => {
    const text = Array.from({ length: 100 }, (_, i) => `w${i}`).join(' ') + '.';
    const chunks = chunkPaper(paper(text), { maxWords: 30, overlapSentences: 1 });
    expect(chunks.length).toBeGreaterThanOrEqual(4);
    expect(chunks.every((c) => /^w\d+/.test(c.text))).toBe(true);
  });

  it('numbers pages from pageStarts', () => {
    const text = 'Page one text. '.repeat(50) + 'Page two text. '.repeat(50);
    const chunks = chunkPaper({ id: 'p', text, pageStarts: [0, 750] }, { maxWords: 40, overlapSentences: 0 });
    expect(chunks[0]!.page).toBe(1);
    expect(chunks.at(-1)!.page).toBe(2);
  });
});

describe('splitSentences', () => {
  it('returns trimmed spans', () => {
    expect(splitSentences('A b. C d.')).toEqual([
      { start: 0, end: 4 },
      { start: 5, end: 9 },
    ]);
  });
});

describe('chunkPaper pages', () => {
  it('gives each chunk the page its first character is on, across many pages', () => {
    const pages = Array.from({ length: 9 }, (_, i) => `Page ${i + 1} says one thing. And then another thing.`);
    const text = pages.join('\n');
    const pageStarts = pages.map((_, i) => pages.slice(0, i).join('\n').length + (i > 0 ? 1 : 0));
    const chunks = chunkPaper({ id: 'p', text, pageStarts }, { maxWords: 6, overlapSentences: 0 });
    for (const chunk of chunks) {
      const expected = pageStarts.filter((start) => start <= chunk.start).length;
      expect(chunk.page).toBe(expected);
    }
    expect(chunks.at(-1)!.page).toBe(9);
  });

  it('counts words split by any Unicode space the same way it cuts them', () => {
    const text = Array.from({ length: 12 }, (_, i) => `w${i}`).join('\u00a0') + '.';
    const chunks = chunkPaper({ id: 'p', text, pageStarts: null }, { maxWords: 5, overlapSentences: 0 });
    expect(chunks.map((c) => c.text.split(/\s+/).length)).toEqual([5, 5, 2]);
  });
});
