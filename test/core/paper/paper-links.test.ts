import { describe, expect, it } from 'vitest';
import { PaperLinkSchema } from '../../../src/core/paper/paper.js';
import {
  arxivId,
  doiId,
  factLinks,
  passageLink,
  paperLinks,
  searchLink,
  textLinks,
} from '../../../src/core/paper/paper-links.js';

describe('textLinks', () => {
  it('finds a code repository and drops the sentence full stop', () => {
    expect(textLinks('Codes will be available at https://github.com/PRED4pc/PRED.')).toEqual([
      { kind: 'code', url: 'https://github.com/PRED4pc/PRED', label: 'code (github.com/PRED4pc/PRED)' },
    ]);
  });

  it('classifies arXiv, DOI and PDF URLs, bare arXiv ids and DOIs, without counting an id inside a URL twice', () => {
    const text =
      'See (https://en.wikipedia.org/wiki/Graph_(abstract_data_type)), arXiv:2309.03576v2, doi 10.1145/3292500.3330701; ' +
      'https://doi.org/10.1145/3292500.3330701 and https://arxiv.org/pdf/2311.04501.pdf and https://x.org/paper.pdf.';
    expect(textLinks(text).map((l) => [l.kind, l.url])).toEqual([
      ['url', 'https://en.wikipedia.org/wiki/Graph_(abstract_data_type)'],
      ['doi', 'https://doi.org/10.1145/3292500.3330701'],
      ['arxiv', 'https://arxiv.org/abs/2311.04501'],
      ['pdf', 'https://x.org/paper.pdf'],
      ['arxiv', 'https://arxiv.org/abs/2309.03576v2'],
    ]);
  });

  it('returns nothing for plain prose and valid links only', () => {
    expect(textLinks('No links here, just 10 cats and 3.5 dogs.')).toEqual([]);
    for (const link of textLinks('http://a.b/c https://[::1]:80/x https://ok.org/ok')) PaperLinkSchema.parse(link);
  });
});

describe('factLinks', () => {
  it('orders page, PDF, arXiv, DOI, code and rejects what is not a link', () => {
    const { links, rejected } = factLinks({
      url: 'https://openreview.net/forum?id=x',
      pdf: 'https://openreview.net/pdf?id=x',
      arxiv: 'arXiv:2211.09817',
      doi: 'https://doi.org/10.5555/1',
      code: 'not a url',
    });
    expect(links.map((l) => l.kind)).toEqual(['page', 'pdf', 'arxiv', 'doi']);
    expect(rejected).toEqual([{ field: 'code', value: 'not a url' }]);
  });

  it('treats a url ending in .pdf as the PDF', () => {
    expect(factLinks({ url: 'https://x.org/a.pdf' }).links).toEqual([
      { kind: 'pdf', url: 'https://x.org/a.pdf', label: 'PDF' },
    ]);
  });
});

describe('ids', () => {
  it('normalises arXiv ids and DOIs', () => {
    expect(arxivId('https://arxiv.org/abs/2309.03576v2')).toBe('2309.03576v2');
    expect(arxivId('hep-th/9901001')).toBe('hep-th/9901001');
    expect(arxivId('2309')).toBeUndefined();
    expect(doiId('doi:10.1000/xyz.')).toBe('10.1000/xyz');
    expect(doiId('11.1/x')).toBeUndefined();
  });
});

describe('paperLinks', () => {
  it('falls back to a title search and dedupes the same URL', () => {
    expect(paperLinks({ title: 'A B?', text: '', facts: {} })).toEqual([searchLink('A B?')]);
    expect(searchLink('A B?').url).toBe('https://scholar.google.com/scholar?q=A%20B%3F');
    const links = paperLinks({
      title: 't',
      text: 'at https://github.com/a/b/',
      facts: { code: 'https://github.com/a/b' },
    });
    expect(links.map((l) => l.url)).toEqual(['https://github.com/a/b']);
  });
});

describe('passageLink', () => {
  const page = { kind: 'page' as const, url: 'https://x.org/abs', label: 'paper page' };
  const pdf = { kind: 'pdf' as const, url: 'https://x.org/a.pdf', label: 'PDF' };
  it('opens the PDF at the page when the paper has a PDF link', () => {
    expect(passageLink({ links: [page, pdf] }, 3)).toBe('https://x.org/a.pdf#page=3');
  });
  it('uses the paper link when there is no PDF or no page', () => {
    expect(passageLink({ links: [page] }, 3)).toBe('https://x.org/abs');
    expect(passageLink({ links: [page, pdf] }, null)).toBe('https://x.org/abs');
  });
});
