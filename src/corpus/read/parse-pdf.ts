import { readFile } from 'node:fs/promises';
import { extractTextItems, getDocumentProxy, getMeta } from 'unpdf';
import type { CorpusProblem } from '../../core/paper/paper.js';
import { largestText, layoutPageText } from './pdf-layout.js';
import { shortHash, slugify, splitAuthors, type PaperDraft, type ParsedFile } from './paper-draft.js';

/** PDFs larger than this are not read (a scanned book, not a paper). */
export const MAX_PDF_BYTES = 100 * 1024 * 1024;

/** Pages are joined by a blank line so a sentence never runs across a page break unseen. */
const PAGE_SEPARATOR = '\n\n';

/** Titles that PDF producers write for every document: they name the tool or file, not the paper. */
function isPlaceholderTitle(title: string): boolean {
  return (
    title.length < 3 ||
    /^(untitled|title|document|paper|slide|presentation)\b/i.test(title) ||
    /^microsoft (word|powerpoint)/i.test(title) ||
    /\.(pdf|docx?|tex|dvi|ps|odt)$/i.test(title)
  );
}

function metaString(info: Record<string, unknown>, key: string): string | undefined {
  const value = info[key];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * Reads a PDF's text layer page by page (with unpdf's PDF.js build): the text in reading order, two-column
 * pages included, with `pageStarts` so chunks know their page. The title comes from the document metadata,
 * else the first page's largest text, else the file name. A PDF with no text layer at all (a scan) is a
 * problem, not an empty paper; single pages without text are warnings.
 */
export async function parsePdf(path: string, file: string, stem: string, size: number): Promise<ParsedFile> {
  const problems: CorpusProblem[] = [];
  const warnings: CorpusProblem[] = [];
  if (size > MAX_PDF_BYTES) {
    problems.push({
      file,
      line: 0,
      message: `PDF is larger than ${MAX_PDF_BYTES / 1024 / 1024} MB (${size} bytes); skipped`,
    });
    return { drafts: [], problems, warnings };
  }
  let pdf;
  try {
    pdf = await getDocumentProxy(new Uint8Array(await readFile(path)), { verbosity: 0 });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    problems.push({ file, line: 0, message: `not a readable PDF: ${message}` });
    return { drafts: [], problems, warnings };
  }
  try {
    const { items } = await extractTextItems(pdf);
    const info = (await getMeta(pdf)).info as Record<string, unknown>;
    let text = '';
    const pageStarts: number[] = [];
    for (let page = 1; page <= pdf.numPages; page++) {
      const view = (await pdf.getPage(page)).view;
      const width = (view[2] ?? 612) - (view[0] ?? 0);
      const pageText = layoutPageText(items[page - 1] ?? [], width);
      if (text !== '' && pageText !== '') text += PAGE_SEPARATOR;
      pageStarts.push(text.length);
      text += pageText;
      if (pageText === '')
        warnings.push({ file, line: 0, message: `page ${page} has no text layer (scanned?); not indexed` });
    }
    if (text.trim() === '') {
      problems.push({
        file,
        line: 0,
        message: `no text layer on any of its ${pdf.numPages} pages (a scanned PDF?); skipped`,
      });
      return { drafts: [], problems, warnings: [] };
    }
    const metaTitle = metaString(info, 'Title');
    const title =
      (metaTitle && !isPlaceholderTitle(metaTitle) ? metaTitle : undefined) ?? largestText(items[0] ?? []) ?? stem;
    const author = metaString(info, 'Author');
    const draft: PaperDraft = {
      id: `${slugify(stem)}-${shortHash(file)}`,
      keys: [stem, title],
      title,
      text,
      topic: null,
      authors: author ? splitAuthors(author) : [],
      year: null,
      venue: null,
      tags: [],
      moreTags: 0,
      facts: {},
      line: 1,
      pageStarts,
    };
    return { drafts: [draft], problems, warnings };
  } finally {
    await pdf.destroy();
  }
}
