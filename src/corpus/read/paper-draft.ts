import { createHash } from 'node:crypto';
import { PaperSchema, type CorpusProblem, type Paper, type PaperTag } from '../../core/paper/paper.js';
import { factLinks, paperLinks, type LinkFacts } from '../../core/paper/paper-links.js';

/** A paper as a parser read it, before sidecar metadata is applied and links are built. */
export interface PaperDraft {
  id: string;
  /** Names a sidecar may use for this paper: its title line, file-name line, `_id` or BibTeX key. */
  keys: string[];
  title: string;
  text: string;
  topic: string | null;
  authors: string[];
  year: number | null;
  venue: string | null;
  tags: PaperTag[];
  moreTags: number;
  facts: LinkFacts;
  /** 1-based line where the paper starts in its file. */
  line: number;
  pageStarts: number[] | null;
  /** What the fallback search link looks for, when not the title (a supplement is found by its hash). */
  searchQuery?: string;
  /** Ids of papers a sidecar says this one is not the same work as (`distinct`): never merged with it. */
  distinct?: string[];
}

/** What a parser returns for one file. Warnings are worth saying but do not fail `corpus check`. */
export interface ParsedFile {
  drafts: PaperDraft[];
  problems: CorpusProblem[];
  warnings: CorpusProblem[];
}

/** Short, stable content hash (hex) for ids built from a file name and a title. */
export function shortHash(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 10);
}

/** A lower-case ASCII slug of at most `max` characters: `DropPos: Pre-Training …` → `droppos-pre-training-…`. */
export function slugify(text: string, max = 48): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.slice(0, max).replace(/-+$/, '') || 'paper';
}

/** The id of a paper known by its title within a file: readable, and stable while file and title stay. */
export function titleId(file: string, title: string): string {
  return `${slugify(title)}-${shortHash(file, title)}`;
}

/** Splits an author list written as one string: `A, B and C`, `A; B`, `A and B`. */
export function splitAuthors(value: string): string[] {
  const separator = value.includes(';') ? /\s*;\s*/ : /\s*,\s*|\s+and\s+/;
  return value
    .split(separator)
    .map((a) => a.trim())
    .filter((a) => a.length > 0);
}

/** A year from a number or a string holding four digits; null otherwise. */
export function parseYear(value: unknown): number | null {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1000 && value <= 3000) return value;
  if (typeof value === 'string') {
    const match = /^\s*(\d{4})\s*$/.exec(value);
    if (match) return Number(match[1]);
  }
  return null;
}

/**
 * Builds the validated Paper: stated links first, then links found in the text, else a search link.
 * Stated links that are not URLs/ids are reported; a paper that fails the schema is reported and dropped.
 */
export function finishPaper(draft: PaperDraft, file: string): { paper?: Paper; problems: CorpusProblem[] } {
  const problems: CorpusProblem[] = [];
  for (const { field, value } of factLinks(draft.facts).rejected) {
    problems.push({ file, line: draft.line, message: `${field} is not a valid link: ${JSON.stringify(value)}` });
  }
  const candidate: Paper = {
    id: draft.id,
    title: draft.title.trim(),
    text: draft.text,
    topic: draft.topic,
    authors: draft.authors,
    year: draft.year,
    venue: draft.venue,
    tags: draft.tags,
    moreTags: draft.moreTags,
    links: paperLinks({
      title: draft.title,
      text: draft.text,
      facts: draft.facts,
      ...(draft.searchQuery === undefined ? {} : { searchQuery: draft.searchQuery }),
    }),
    source: { file, line: draft.line },
    pageStarts: draft.pageStarts,
    firstSeen: null,
  };
  const parsed = PaperSchema.safeParse(candidate);
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join('.') || 'paper'}: ${i.message}`).join('; ');
    problems.push({ file, line: draft.line, message: `paper ${JSON.stringify(draft.id)} is invalid (${why})` });
    return { problems };
  }
  return { paper: parsed.data, problems };
}
