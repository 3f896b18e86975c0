import { describe, expect, it } from 'vitest';
import type { Paper } from '../../../src/core/paper/paper.js';
import { samePaper } from '../../../src/core/paper/same-paper.js';

const PAPER: Paper = {
  id: 'p1',
  title: 'Masked Autoencoders',
  text: 'We mask 75% of patches.',
  topic: null,
  authors: ['K. He', 'X. Chen'],
  year: 2022,
  venue: 'CVPR',
  tags: [{ path: ['Vision', 'Self-supervised'], weight: 0.5 }],
  moreTags: 0,
  links: [{ kind: 'arxiv', url: 'https://arxiv.org/abs/2111.06377', label: 'arXiv' }],
  source: { file: 'a.md', line: 1 },
  pageStarts: null,
  firstSeen: null,
};

describe('samePaper', () => {
  it('holds for a copy whose keys come in another order, and ignores when the paper was first seen', () => {
    const reordered = Object.fromEntries(Object.entries(structuredClone(PAPER)).reverse()) as Paper;
    expect(samePaper(PAPER, reordered)).toBe(true);
    expect(samePaper(PAPER, { ...PAPER, firstSeen: '2026-11-30T06:00:00.000Z' })).toBe(true);
  });

  it('tells papers apart by any field the corpus gives, nested ones included', () => {
    expect(samePaper(PAPER, { ...PAPER, authors: ['K. He'] })).toBe(false);
    expect(samePaper(PAPER, { ...PAPER, tags: [{ path: ['Vision', 'Self-supervised'], weight: 0.4 }] })).toBe(false);
    expect(samePaper(PAPER, { ...PAPER, source: { file: 'a.md', line: 2 } })).toBe(false);
    expect(samePaper(PAPER, { ...PAPER, pageStarts: [0] })).toBe(false);
  });

  it('compares a field added to the schema without being told of it', () => {
    const withField = { ...PAPER, doi: '10.1000/x' } as Paper;
    expect(samePaper(withField, { ...PAPER, doi: '10.1000/y' } as Paper)).toBe(false);
    expect(samePaper(withField, PAPER)).toBe(false);
    expect(samePaper(withField, { ...PAPER, doi: '10.1000/x' } as Paper)).toBe(true);
  });
});
