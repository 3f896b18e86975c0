import { parse, type Creator, type Entry } from '@retorquere/bibtex-parser';
import type { CorpusProblem, PaperTag } from '../../core/paper/paper.js';
import { arxivId } from '../../core/paper/paper-links.js';
import { lineProblem } from './line-problems.js';
import { parseYear, type PaperDraft, type ParsedFile } from './paper-draft.js';
import type { LineEvent } from './read-lines.js';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * The parser turns LaTeX into Unicode and a little HTML (`<i>`, `<b>`, `<sup>`, `<a href>`, case-protecting
 * `<span>`s); a paper's text is plain, so the markup goes and entities are decoded.
 */
export function plainText(value: string): string {
  return (
    value
      .replace(/<[^>]+>/g, '')
      .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
        if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
        if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
        return ENTITIES[name.toLowerCase()] ?? whole;
      })
      .replace(/[{}]/g, '')
      .replace(/\s+/g, ' ')
      .trim()
      // The parser writes accents as combining marks (o + U+0308); NFC makes `ö` match what users type.
      .normalize('NFC')
  );
}

function creatorName(creator: Creator): string {
  if (creator.name) return plainText(creator.name);
  const name = [creator.firstName, creator.prefix, creator.lastName].filter((p) => p && p.trim() !== '').join(' ');
  return plainText(creator.suffix ? `${name}, ${creator.suffix}` : name);
}

function field(entry: Entry, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = (entry.fields as Record<string, unknown>)[name];
    if (typeof value === 'string' && plainText(value) !== '') return plainText(value);
  }
  return undefined;
}

/** arXiv id of an entry: `eprint` with `archivePrefix`/`eprinttype` arXiv, or an eprint shaped like one. */
function entryArxiv(entry: Entry): string | undefined {
  const eprint = field(entry, 'eprint');
  if (!eprint) return undefined;
  const archive = field(entry, 'archiveprefix', 'eprinttype')?.toLowerCase();
  if (archive !== undefined && archive !== 'arxiv') return undefined;
  return arxivId(eprint);
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * Reads a BibTeX/BibLaTeX export (Zotero, Better BibTeX, JabRef, Mendeley) with @retorquere/bibtex-parser:
 * one paper per entry, id = citation key, LaTeX accents and braces turned into plain Unicode. The abstract is
 * the text; an entry without one is still indexed by its title (its text is the title) and reported as a
 * warning. Syntax errors are problems at their line; the entries around them still load.
 */
export function parseBibtex(file: string, events: readonly LineEvent[]): ParsedFile {
  const problems: CorpusProblem[] = [];
  const warnings: CorpusProblem[] = [];
  const lines: string[] = [];
  for (const event of events) {
    const problem = lineProblem(file, event);
    if (problem) problems.push(problem);
    // An unreadable line stays as an empty one, so line numbers still match the file.
    lines.push(event.kind === 'line' ? event.text : '');
  }
  const source = lines.join('\n');
  let library;
  try {
    library = parse(source, { english: false, sentenceCase: false, unsupported: 'ignore', applyCrossRef: true });
  } catch (error) {
    problems.push({
      file,
      line: 0,
      message: `not readable as BibTeX: ${error instanceof Error ? error.message : String(error)}`,
    });
    return { drafts: [], problems, warnings };
  }
  for (const error of library.errors) {
    const at = /at line (\d+)/.exec(error.error)?.[1];
    const offset = error.input ? source.indexOf(error.input) : -1;
    // Where the broken entry starts, not where the parser noticed (for an unclosed brace, the end of the file).
    const line = offset >= 0 ? lineAt(source, offset) : at !== undefined ? Number(at) : 0;
    problems.push({ file, line, message: `BibTeX: ${error.error.replace(/\s+/g, ' ')}` });
  }

  const drafts: PaperDraft[] = [];
  let cursor = 0;
  for (const entry of library.entries) {
    // An entry the parser gave up on has no input; its error is reported above.
    if (entry.input === '') continue;
    const offset = source.indexOf(entry.input, cursor);
    if (offset >= 0) cursor = offset + entry.input.length;
    const line = offset >= 0 ? lineAt(source, offset) : 0;
    const title = field(entry, 'title');
    if (!title) {
      problems.push({ file, line, message: `entry @${entry.type}{${entry.key}} has an empty title; skipped` });
      continue;
    }
    const abstract = field(entry, 'abstract');
    if (!abstract) {
      warnings.push({
        file,
        line,
        message: `entry @${entry.type}{${entry.key}} has no abstract; indexed by its title only`,
      });
    }
    const keywords = (entry.fields.keywords ?? []).map(plainText).filter((k) => k !== '');
    const tags: PaperTag[] = keywords.map((k) => ({ path: [k], weight: null }));
    const howpublished = field(entry, 'howpublished');
    drafts.push({
      id: entry.key,
      keys: [entry.key, title],
      title,
      text: abstract ?? title,
      topic: null,
      authors: (entry.fields.author ?? []).map(creatorName).filter((a) => a !== ''),
      year: parseYear(field(entry, 'year')) ?? parseYear(field(entry, 'date')?.slice(0, 4)),
      venue: field(entry, 'journal', 'journaltitle', 'booktitle', 'eventtitle', 'series', 'school') ?? null,
      tags,
      moreTags: 0,
      facts: {
        url: field(entry, 'url') ?? (howpublished && /^https?:\/\//.test(howpublished) ? howpublished : undefined),
        doi: field(entry, 'doi'),
        arxiv: entryArxiv(entry),
      },
      line,
      pageStarts: null,
    });
  }
  return { drafts, problems, warnings };
}
