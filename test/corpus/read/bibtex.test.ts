import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../../src/corpus/read/load-corpus.js';
import { plainText } from '../../../src/corpus/read/parse-bibtex.js';
import { tempCorpus } from '../temp-corpus.js';

/** As Zotero's Better BibTeX writes it: LaTeX accents, protective braces, an arXiv eprint, keywords. */
const ZOTERO = String.raw`@comment{exported by Zotero}

@article{schrodinger2020uber,
  title = {{\"U}ber die {Transformer}-{Architektur}: {\'E}tude de l'{\AA}ngstr{\"o}m in \textit{vivo}},
  author = {Schr{\"o}dinger, Erwin and M{\"u}ller, J{\"o}rg and {van der Berg}, Anna and {Google Research}},
  journal = {Annalen der Physik},
  year = {2020},
  doi = {10.1000/xyz123},
  url = {https://example.org/paper?id=1&x=2},
  eprint = {2309.03576},
  archivePrefix = {arXiv},
  keywords = {Transformers, Physik},
  abstract = {Wir untersuchen Caf{\'e}-Effekte mit $\alpha$-Divergenz auf 50\% der {GPU}s. Code: \url{https://github.com/a/b}.},
}

@inproceedings{noabstract2021,
  title = {A Paper Without an Abstract},
  booktitle = {Proceedings of {NeurIPS}},
  author = {Doe, Jane},
  date = {2021-12-06},
}
`;

describe('BibTeX exports', () => {
  it('reads one paper per entry with accents and braces cleaned, authors, year, venue and links', async () => {
    const corpus = await loadCorpus(await tempCorpus({ 'library.bib': ZOTERO }));
    expect(corpus.problems).toEqual([]);
    const [paper] = corpus.papers;
    expect(paper).toMatchObject({
      id: 'schrodinger2020uber',
      title: "Über die Transformer-Architektur: Étude de l'Ångström in vivo",
      authors: ['Erwin Schrödinger', 'Jörg Müller', 'Anna van der Berg', 'Google Research'],
      year: 2020,
      venue: 'Annalen der Physik',
      tags: [
        { path: ['Physik'], weight: null },
        { path: ['Transformers'], weight: null },
      ],
      source: { file: 'library.bib', line: 3 },
    });
    expect(paper!.title).toBe(paper!.title.normalize('NFC'));
    expect(paper!.text).toBe(
      'Wir untersuchen Café-Effekte mit α-Divergenz auf 50% der GPUs. Code: https://github.com/a/b.',
    );
    expect(paper!.links.map((l) => [l.kind, l.url])).toEqual([
      ['page', 'https://example.org/paper?id=1&x=2'],
      ['arxiv', 'https://arxiv.org/abs/2309.03576'],
      ['doi', 'https://doi.org/10.1000/xyz123'],
      ['code', 'https://github.com/a/b'],
    ]);
  });

  it('indexes an entry without an abstract by its title and reports it as a warning', async () => {
    const corpus = await loadCorpus(await tempCorpus({ 'library.bib': ZOTERO }));
    const paper = corpus.papers[1]!;
    expect(paper).toMatchObject({
      id: 'noabstract2021',
      title: 'A Paper Without an Abstract',
      text: 'A Paper Without an Abstract',
      year: 2021,
      venue: 'Proceedings of NeurIPS',
      authors: ['Jane Doe'],
      source: { file: 'library.bib', line: 16 },
    });
    expect(paper.links.map((l) => l.kind)).toEqual(['search']);
    expect(corpus.warnings).toEqual([
      {
        file: 'library.bib',
        line: 16,
        message: 'entry @inproceedings{noabstract2021} has no abstract; indexed by its title only',
      },
    ]);
  });

  it('reports an unclosed brace at the line its entry starts, not at the end of the file', async () => {
    const bib = [
      '@article{good1,',
      '  title = {Good One},',
      '  abstract = {Fine.}',
      '}',
      '',
      '@article{broken,',
      '  title = {Broken {Entry},',
      '  abstract = {Missing brace.}',
      '}',
      '',
      '@article{good2,',
      '  title = {Good Two},',
      '  abstract = {Fine too.}',
      '}',
      '',
      '',
    ].join('\n');
    const corpus = await loadCorpus(await tempCorpus({ 'x.bib': bib }));
    expect(corpus.problems.map((p) => [p.file, p.line])).toEqual([['x.bib', 6]]);
    expect(corpus.papers.map((p) => p.id)).toEqual(['good1', 'good2']);
  });

  it('reports a broken entry at its line and still reads the rest', async () => {
    const bib = [
      '@article{good1, title={Good One}, abstract={Fine.}}',
      '@article{broken,',
      '  title = {Never closed',
      '@misc{good2, title={Good Two}, abstract={Also fine.}}',
      '',
    ].join('\n');
    const corpus = await loadCorpus(
      await tempCorpus({ 'x.bib': bib, 'y.bib': '@misc{empty, title={}, abstract={x}}' }),
    );
    expect(corpus.papers.map((p) => p.id)).toContain('good1');
    expect(corpus.problems.map((p) => p.file)).toEqual(['x.bib', 'y.bib']);
    expect(corpus.problems[0]!.line).toBeGreaterThanOrEqual(2);
    expect(corpus.problems[0]!.message).toMatch(/^BibTeX: /);
    expect(corpus.problems[1]).toEqual({
      file: 'y.bib',
      line: 1,
      message: 'entry @misc{empty} has an empty title; skipped',
    });
  });

  it('turns the parser’s markup into plain text', () => {
    expect(plainText('A <i>vivo</i> &amp; <span class="nocase">GPU</span> &#x3b1; {x}')).toBe('A vivo & GPU α x');
  });
});
