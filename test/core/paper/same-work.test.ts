import { describe, expect, it } from 'vitest';
import type { Paper } from '../../../src/core/paper/paper.js';
import { familyName, isGenericTitle, venueKey, workKeys } from '../../../src/core/paper/same-work.js';

function paper(fields: Partial<Paper>): Paper {
  return {
    id: 'p1',
    title: 'Zero-Shot Learning Through Cross-Modal Transfer',
    text: 'This work introduces a model that can recognize objects in images.',
    topic: null,
    authors: ['Richard Socher'],
    year: 2013,
    venue: 'nips',
    tags: [],
    moreTags: 0,
    links: [{ kind: 'page', url: 'https://nips.cc/virtual/2013/poster/3839', label: 'paper page' }],
    source: { file: 'a.jsonl', line: 1 },
    pageStarts: null,
    firstSeen: null,
    ...fields,
  };
}

describe('isGenericTitle', () => {
  it('holds for headings of the proceedings, alone or with the conference name', () => {
    for (const title of [
      'Preface',
      'Asian Conference on Machine Learning: Preface',
      'Introduction',
      'Editorial',
      'Foreword',
      'Keynote',
      'Plenary and keynote talks',
      'Workshops and tutorials',
      'Withdraw',
      'Withdrawn',
      'Front Matter, Volume 2',
    ]) {
      expect(isGenericTitle(title), title).toBe(true);
    }
  });

  it('does not hold for a paper whose title merely uses such a word', () => {
    for (const title of [
      'An Introduction to Variational Methods for Graphical Models',
      'Zero-Shot Learning Through Cross-Modal Transfer',
      'Withdrawal strategy for human safety based on a virtual force model',
    ]) {
      expect(isGenericTitle(title), title).toBe(false);
    }
  });
});

describe('familyName', () => {
  it('reads the family name however the name is written, accents folded', () => {
    expect(familyName('João F. Henriques')).toBe('henriques');
    expect(familyName('Joao F. Henriques')).toBe('henriques');
    expect(familyName('Socher, Richard')).toBe('socher');
    expect(familyName('John Smith, Jr.')).toBe('smith');
    expect(familyName('R.C. Luo')).toBe('luo');
    expect(familyName('Grave')).toBe('grave');
  });

  it('is undefined for names that name nobody', () => {
    expect(familyName('Anonymous')).toBeUndefined();
    expect(familyName('undefined')).toBeUndefined();
  });
});

describe('venueKey', () => {
  it('drops years and joins aliases', () => {
    expect(venueKey('NIPS 2013')).toBe('neurips');
    expect(venueKey('NeurIPS')).toBe('neurips');
    expect(venueKey('icra')).toBe('icra');
  });
});

describe('workKeys', () => {
  it('gives the arXiv id without its version and the DOI in lower case', () => {
    const keys = workKeys(
      paper({
        links: [
          { kind: 'arxiv', url: 'https://arxiv.org/abs/2106.09685v2', label: 'arXiv' },
          { kind: 'doi', url: 'https://doi.org/10.1145/ABC', label: 'DOI' },
        ],
      }),
    );
    expect(keys).toContainEqual({ rule: 'arxiv', key: 'arxiv:2106.09685' });
    expect(keys).toContainEqual({ rule: 'doi', key: 'doi:10.1145/abc' });
  });

  it('gives the folded title with the first author, and with the venue and year', () => {
    expect(workKeys(paper({}))).toEqual([
      { rule: 'title-author', key: 'title:zero shot learning through cross modal transfer|author:socher' },
      { rule: 'title-venue', key: 'title:zero shot learning through cross modal transfer|venue:neurips|year:2013' },
    ]);
  });

  it('never keys a paper by an id it only cites in its text', () => {
    const text = 'We build on LoRA (arXiv:2106.09685) and on doi 10.1145/3292500.';
    const cited = paper({ text, links: [{ kind: 'arxiv', url: 'https://arxiv.org/abs/2106.09685', label: 'x' }] });
    expect(workKeys(cited).map((k) => k.rule)).toEqual(['title-author', 'title-venue']);
  });

  it('keys a PDF by the arXiv stamp on its first page, not by ids on later pages', () => {
    const text = 'arXiv:1301.3666v2 [cs.CV] 20 Mar 2013 Zero-Shot Learning\nReferences: arXiv:1206.5538 [cs.LG]';
    const pdf = paper({ text, pageStarts: [0, text.indexOf('References')], links: [] });
    expect(workKeys(pdf).filter((k) => k.rule === 'arxiv')).toEqual([{ rule: 'arxiv', key: 'arxiv:1301.3666' }]);
  });

  it('keys a generic title by its identifiers only', () => {
    expect(workKeys(paper({ title: 'Preface', authors: ['Masashi Sugiyama'], venue: 'acml' }))).toEqual([]);
  });
});
