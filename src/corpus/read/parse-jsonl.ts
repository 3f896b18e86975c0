import type { CorpusProblem } from '../../core/paper/paper.js';
import type { LinkFacts } from '../../core/paper/paper-links.js';
import { lineProblem } from './line-problems.js';
import { parseYear, splitAuthors, type PaperDraft, type ParsedFile } from './paper-draft.js';
import { readLines } from './read-lines.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function authorsOf(value: unknown): string[] {
  if (typeof value === 'string') return splitAuthors(value);
  if (Array.isArray(value))
    return value.filter((a): a is string => typeof a === 'string' && a.trim() !== '').map((a) => a.trim());
  return [];
}

/** Words of the text that stand in for a missing title, as for a PDF without one. */
const TITLE_WORDS = 12;

/**
 * A title for a document that has none: the first words of its text (its first sentence when shorter),
 * `…` when cut.
 * @example titleFromText('Vitamin D and cancer risk. We studied 3 cohorts.') // 'Vitamin D and cancer risk'
 */
export function titleFromText(text: string): string {
  const sentence = (text.trim().split(/(?<=[.!?])\s/)[0] ?? '').replace(/[.!?]$/, '');
  const words = sentence.split(/\s+/).filter((w) => w !== '');
  return words.length > TITLE_WORDS ? `${words.slice(0, TITLE_WORDS).join(' ')}…` : words.join(' ');
}

/** Turns one BEIR record into a draft, or says what is wrong with it. */
function draftFromRecord(value: unknown, line: number): PaperDraft | string {
  if (!isRecord(value)) return 'not a JSON object';
  const rawId = value['_id'];
  const id = typeof rawId === 'number' ? String(rawId) : typeof rawId === 'string' ? rawId.trim() : '';
  if (id === '') return 'missing "_id"';
  if (id.length > 200) return `"_id" is longer than 200 characters: ${JSON.stringify(id.slice(0, 40) + '…')}`;
  const text = typeof value['text'] === 'string' ? value['text'] : '';
  // BEIR corpora such as NFCorpus leave titles empty: the text's first words stand in (parseJsonl warns).
  const title = (typeof value['title'] === 'string' ? value['title'].trim() : '') || titleFromText(text);
  if (title === '') return `empty title and text for "_id" ${JSON.stringify(id)}`;
  const metadata = isRecord(value['metadata']) ? value['metadata'] : {};
  const facts: LinkFacts = {
    url: optionalString(metadata['url']),
    pdf: optionalString(metadata['pdf']),
    arxiv: optionalString(metadata['arxiv']),
    doi: optionalString(metadata['doi']),
    code: optionalString(metadata['code']),
  };
  return {
    id,
    keys: [id, title],
    title,
    text,
    topic: null,
    authors: authorsOf(metadata['authors']),
    year: parseYear(metadata['year']),
    venue: optionalString(metadata['venue']) ?? null,
    tags: [],
    moreTags: 0,
    facts,
    line,
    pageStarts: null,
  };
}

/**
 * Streams JSON Lines in the BEIR layout (`{"_id","title","text","metadata"?}`, metadata may carry url, pdf,
 * authors, year, venue, arxiv, doi, code), plain or gzip. Each bad line is one problem; the rest load.
 */
export async function parseJsonl(
  path: string,
  file: string,
  options: { gzip: boolean; onBytes?: (bytes: number) => void },
): Promise<ParsedFile> {
  const drafts: PaperDraft[] = [];
  const problems: CorpusProblem[] = [];
  const untitled: number[] = [];
  for await (const event of readLines(path, options)) {
    if (event.kind !== 'line') {
      problems.push(lineProblem(file, event)!);
      continue;
    }
    if (event.text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(event.text);
    } catch (error) {
      problems.push({
        file,
        line: event.line,
        message: `invalid JSON: ${error instanceof Error ? error.message : String(error)}`,
      });
      continue;
    }
    const draft = draftFromRecord(value, event.line);
    if (typeof draft === 'string') problems.push({ file, line: event.line, message: draft });
    else {
      drafts.push(draft);
      if (isRecord(value) && (typeof value['title'] !== 'string' || value['title'].trim() === ''))
        untitled.push(event.line);
    }
  }
  // One warning per file: a corpus with no titles at all would otherwise give one per document.
  const warnings: CorpusProblem[] =
    untitled.length === 0
      ? []
      : [
          {
            file,
            line: untitled[0]!,
            message: `${untitled.length} document${untitled.length === 1 ? ' has' : 's have'} an empty title; the first words of the text are used instead`,
          },
        ];
  return { drafts, problems, warnings };
}
