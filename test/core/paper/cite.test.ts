import { describe, expect, it } from 'vitest';
import { citeKey, toBibtex } from '../../../src/core/paper/cite.js';
import type { Paper } from '../../../src/core/paper/paper.js';

type Citable = Pick<Paper, 'id' | 'title' | 'authors' | 'year' | 'venue' | 'links'>;

const DROPPOS: Citable = {
  id: 'droppos',
  title: 'DropPos: Pre-Training Vision Transformers by Reconstructing Dropped Positions',
  authors: ['Haochen Wang', 'Junsong Fan'],
  year: 2023,
  venue: 'NeurIPS 2023',
  links: [
    { kind: 'page', url: 'https://papers.nips.cc/paper/2023/hash/9098e.html', label: 'NeurIPS' },
    { kind: 'arxiv', url: 'https://arxiv.org/abs/2309.03576', label: 'arXiv:2309.03576' },
    { kind: 'doi', url: 'https://doi.org/10.5555/3666122', label: 'DOI 10.5555/3666122' },
  ],
};

describe('toBibtex', () => {
  it('writes an inproceedings entry with authors, venue, year, DOI, arXiv id and page URL', () => {
    expect(toBibtex(DROPPOS)).toBe(
      [
        '@inproceedings{wang2023droppos,',
        '  title         = {{DropPos: Pre-Training Vision Transformers by Reconstructing Dropped Positions}},',
        '  author        = {Haochen Wang and Junsong Fan},',
        '  year          = {2023},',
        '  booktitle     = {NeurIPS 2023},',
        '  doi           = {10.5555/3666122},',
        '  eprint        = {2309.03576},',
        '  archiveprefix = {arXiv},',
        '  url           = {https://papers.nips.cc/paper/2023/hash/9098e.html}',
        '}',
      ].join('\n'),
    );
  });

  it('is a misc entry without venue, year or authors, and never links a title search', () => {
    const entry = toBibtex({
      id: 'f1c15925',
      title: 'On It',
      authors: [],
      year: null,
      venue: null,
      links: [{ kind: 'search', url: 'https://scholar.google.com/scholar?q=Notes', label: 'search' }],
    });
    expect(entry).toBe('@misc{paperf1c15925,\n  title = {{On It}}\n}');
  });

  it('escapes LaTeX specials and keeps braces balanced for hostile text', () => {
    const entry = toBibtex({ ...DROPPOS, title: 'Ranks}, {evil} 100% & $x_1$ #1 ~ ^ \\end', venue: null, links: [] });
    expect(entry).toContain(
      '{{Ranks\\}, \\{evil\\} 100\\% \\& \\$x\\_1\\$ \\#1 \\textasciitilde{} \\textasciicircum{} \\textbackslash{}end}}',
    );
    let depth = 0;
    for (const ch of entry.replace(/\\[{}]/g, '')) {
      depth += ch === '{' ? 1 : ch === '}' ? -1 : 0;
      expect(depth).toBeGreaterThanOrEqual(0);
    }
    expect(depth).toBe(0);
  });
});

describe('citeKey', () => {
  it('uses surname, year and the first significant title word, ASCII only', () => {
    expect(citeKey({ id: 'x', title: 'On Über-Models', authors: ['Jürgen Müller'], year: 2020 })).toBe(
      'muller2020uber',
    );
    expect(citeKey({ id: 'x', title: 'A Study', authors: ['Tu, Stephen'], year: null })).toBe('tustudy');
  });
});
