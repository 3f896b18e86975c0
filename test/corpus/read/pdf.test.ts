import { describe, expect, it } from 'vitest';
import { chunkPaper } from '../../../src/core/search/text/chunk.js';
import { passageLink } from '../../../src/core/paper/paper-links.js';
import { loadCorpus } from '../../../src/corpus/read/load-corpus.js';
import {
  largestText,
  layoutPageText,
  normalizePdfText,
  type PdfTextItem,
} from '../../../src/corpus/read/pdf-layout.js';
import { column, makePdf, type PdfText } from '../make-pdf.js';
import { tempCorpus } from '../temp-corpus.js';

const BODY = 'Contrastive pre-training aligns images with captions.';

/** A page of two columns whose lines are written to the file interleaved, left and right in turn. */
function twoColumnPage(): PdfText[] {
  const left = column(['The left column opens with an efﬁcient', 'method for represen-', 'tation learning.'], 50, 600);
  const right = column(['The right column is read second.', 'It ends the first page.', 'Nothing more.'], 320, 600);
  const texts: PdfText[] = [
    { text: 'Graph Learning at Scale', x: 150, y: 720, size: 20 },
    { text: 'Ada Lovelace and Alan Turing', x: 200, y: 690, size: 11 },
  ];
  for (let i = 0; i < 3; i++) texts.push(left[i]!, right[i]!);
  return texts;
}

async function pdfCorpus(files: Record<string, Uint8Array | string>) {
  return loadCorpus(await tempCorpus(files));
}

describe('PDF papers', () => {
  it('reads two columns in order, joins hyphenated line breaks and normalises the ﬁ ligature', async () => {
    const pdf = await makePdf([
      { texts: twoColumnPage() },
      { texts: column([BODY, 'A second sentence on page two.'], 72, 700) },
    ]);
    const corpus = await pdfCorpus({ 'papers/graph.pdf': pdf });
    expect(corpus.problems).toEqual([]);
    expect(corpus.warnings).toEqual([]);
    const [paper] = corpus.papers;
    expect(paper!.text).toBe(
      'Graph Learning at Scale\n\nAda Lovelace and Alan Turing\n\nThe left column opens with an efficient method for ' +
        'representation learning. The right column is read second. It ends the first page. Nothing more.\n\n' +
        `${BODY} A second sentence on page two.`,
    );
    expect(paper!.pageStarts).toEqual([0, paper!.text.indexOf(BODY)]);
    expect(paper!.source).toEqual({ file: 'papers/graph.pdf', line: 1 });
    expect(corpus.files).toEqual([{ file: 'papers/graph.pdf', papers: 1, format: 'pdf' }]);
  });

  it('takes the title from the first page’s largest text, or from the document metadata first', async () => {
    const untitled = await pdfCorpus({ 'a.pdf': await makePdf([{ texts: twoColumnPage() }]) });
    expect(untitled.papers[0]!.title).toBe('Graph Learning at Scale');
    const titled = await pdfCorpus({
      'a.pdf': await makePdf([{ texts: twoColumnPage() }], {
        title: 'The Metadata Title',
        author: 'Ada Lovelace; Alan Turing',
      }),
    });
    expect(titled.papers[0]).toMatchObject({ title: 'The Metadata Title', authors: ['Ada Lovelace', 'Alan Turing'] });
    const placeholder = await pdfCorpus({
      'a.pdf': await makePdf([{ texts: twoColumnPage() }], { title: 'Microsoft Word - draft7.docx' }),
    });
    expect(placeholder.papers[0]!.title).toBe('Graph Learning at Scale');
    const plain = await pdfCorpus({ 'notes-2024.pdf': await makePdf([{ texts: column([BODY], 72, 700) }]) });
    expect(plain.papers[0]!.title).toBe('notes-2024');
  });

  it('reports a scanned PDF with no text layer as a problem, not an empty paper', async () => {
    const corpus = await pdfCorpus({
      'scan.pdf': await makePdf([{ scanned: true }, { scanned: true }]),
      'ok.pdf': await makePdf([{ texts: column([BODY], 72, 700) }]),
    });
    expect(corpus.problems).toEqual([
      { file: 'scan.pdf', line: 0, message: 'no text layer on any of its 2 pages (a scanned PDF?); skipped' },
    ]);
    expect(corpus.papers.map((p) => p.source.file)).toEqual(['ok.pdf']);
  });

  it('keeps page numbers right around a scanned page, which is a warning', async () => {
    const pdf = await makePdf([
      { texts: column(['Page one talks about graphs.'], 72, 700) },
      { scanned: true },
      { texts: column(['Page three talks about transformers.'], 72, 700) },
    ]);
    const corpus = await pdfCorpus({ 'mixed.pdf': pdf });
    expect(corpus.problems).toEqual([]);
    expect(corpus.warnings).toEqual([
      { file: 'mixed.pdf', line: 0, message: 'page 2 has no text layer (scanned?); not indexed' },
    ]);
    const paper = corpus.papers[0]!;
    const chunks = chunkPaper(paper, { maxWords: 5, overlapSentences: 0 });
    expect(chunks.map((c) => [c.text, c.page])).toEqual([
      ['Page one talks about graphs.', 1],
      ['Page three talks about transformers.', 3],
    ]);
  });

  it('applies a sidecar, and passage links open the PDF at the chunk’s page', async () => {
    const pdf = await makePdf([
      { texts: column(['First page sentence about ranking.'], 72, 700) },
      { texts: column(['Second page sentence about retrieval.'], 72, 700) },
    ]);
    const corpus = await pdfCorpus({
      'rank.pdf': pdf,
      'rank.meta.yaml': [
        'title: Learning to Rank',
        'authors: [Chris Burges]',
        'year: 2005',
        'venue: ICML 2005',
        'url: https://example.org/papers/rank.pdf',
      ].join('\n'),
    });
    expect(corpus.problems).toEqual([]);
    const paper = corpus.papers[0]!;
    expect(paper).toMatchObject({
      title: 'Learning to Rank',
      authors: ['Chris Burges'],
      year: 2005,
      venue: 'ICML 2005',
    });
    const chunks = chunkPaper(paper, { maxWords: 6, overlapSentences: 0 });
    expect(chunks.map((c) => passageLink(paper, c.page))).toEqual([
      'https://example.org/papers/rank.pdf#page=1',
      'https://example.org/papers/rank.pdf#page=2',
    ]);
  });

  it('reports a file that is not a PDF', async () => {
    const corpus = await pdfCorpus({ 'fake.pdf': 'this is not a pdf' });
    expect(corpus.problems).toHaveLength(1);
    expect(corpus.problems[0]).toMatchObject({ file: 'fake.pdf', line: 0 });
    expect(corpus.problems[0]!.message).toMatch(/^not a readable PDF: /);
  });
});

describe('PDF layout', () => {
  const item = (str: string, x: number, y: number, fontSize = 10): PdfTextItem => ({
    str,
    x,
    y,
    width: str.length * fontSize * 0.5,
    fontSize,
    hasEOL: false,
  });

  it('normalises ligature characters itself, whatever the PDF library did', () => {
    expect(normalizePdfText('eﬃcient ﬁne-tuning of ﬂows')).toBe('efficient fine-tuning of flows');
    expect(layoutPageText([item('the ﬁrst', 50, 700)], 612)).toBe('the first');
  });

  it('separates paragraphs by a vertical gap and keeps a real hyphen before a capital', () => {
    const text = layoutPageText(
      [
        item('One line of a', 50, 700),
        item('paragraph. Pre-', 50, 688),
        item('Training ends.', 50, 676),
        item('New one.', 50, 640),
      ],
      612,
    );
    expect(text).toBe('One line of a paragraph. Pre- Training ends.\n\nNew one.');
  });

  it('finds no title when nothing is larger than the body text', () => {
    expect(largestText([item('Body text only.', 50, 700), item('More body.', 50, 688)])).toBeUndefined();
    expect(largestText([item('A Title', 50, 740, 18), item('Body text.', 50, 700)])).toBe('A Title');
  });
});
