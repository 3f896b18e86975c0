import { parse as parseYaml } from 'yaml';
import type { CorpusProblem, PaperTag } from '../../core/paper/paper.js';
import { lineProblem } from './line-problems.js';
import { parseYear, shortHash, slugify, splitAuthors, type PaperDraft, type ParsedFile } from './paper-draft.js';
import { parseTag } from './parse-text-export.js';
import type { LineEvent } from './read-lines.js';

const FENCE = /^---\s*$/;
const FENCE_END = /^(?:---|\.\.\.)\s*$/;
const HEADING = /^#\s+(.+?)\s*#*\s*$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringField(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  return undefined;
}

function tagsOf(value: unknown): { tags: PaperTag[]; moreTags: number } {
  const items = typeof value === 'string' ? value.split(/\s*,\s*/) : Array.isArray(value) ? value : [];
  const tags: PaperTag[] = [];
  let moreTags = 0;
  for (const item of items) {
    if (typeof item !== 'string' && typeof item !== 'number') continue;
    const parsed = parseTag(String(item).trim());
    if (parsed.kind === 'tag') tags.push(parsed.tag);
    else if (parsed.kind === 'more') moreTags += parsed.count;
  }
  return { tags, moreTags };
}

/**
 * Parses a Markdown paper: optional YAML front matter between `---` lines (title, authors, year, venue, url,
 * pdf, code, arxiv, doi, tags, id) and the body as the paper's text. Without a front-matter title the first
 * `# heading` is the title, else the file name (with a warning). The id is the front matter's `id`, else built from the file name.
 */
export function parseMarkdown(file: string, stem: string, events: readonly LineEvent[]): ParsedFile {
  const problems: CorpusProblem[] = [];
  const lines: Array<{ line: number; text: string }> = [];
  for (const event of events) {
    const problem = lineProblem(file, event);
    if (problem) problems.push(problem);
    else if (event.kind === 'line') lines.push({ line: event.line, text: event.text });
  }
  let front: Record<string, unknown> = {};
  let bodyFrom = 0;
  if (lines[0]?.line === 1 && FENCE.test(lines[0].text)) {
    const end = lines.findIndex((l, i) => i > 0 && FENCE_END.test(l.text));
    if (end < 0) {
      problems.push({ file, line: 1, message: 'front matter opened with --- is never closed' });
      return { drafts: [], problems, warnings: [] };
    }
    const yamlText = lines
      .slice(1, end)
      .map((l) => l.text)
      .join('\n');
    let value: unknown;
    try {
      value = parseYaml(yamlText);
    } catch (error) {
      const at = (error as { linePos?: Array<{ line: number }> }).linePos?.[0]?.line;
      const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
      problems.push({ file, line: at === undefined ? 1 : at + 1, message: `front matter is not YAML: ${message}` });
      return { drafts: [], problems, warnings: [] };
    }
    if (value !== null && value !== undefined && !isRecord(value)) {
      problems.push({ file, line: 2, message: 'front matter is not a YAML mapping of fields' });
      return { drafts: [], problems, warnings: [] };
    }
    front = value ?? {};
    bodyFrom = end + 1;
  }
  const body = lines.slice(bodyFrom);
  const text = body
    .map((l) => l.text)
    .join('\n')
    .trim();
  let title = stringField(front['title']);
  let titleLine = 1;
  if ('title' in front && title === undefined) {
    problems.push({ file, line: 1, message: 'empty title in front matter; skipped' });
    return { drafts: [], problems, warnings: [] };
  }
  if (title === undefined) {
    const heading = body.find((l) => HEADING.test(l.text));
    if (heading) {
      title = HEADING.exec(heading.text)![1]!;
      titleLine = heading.line;
    }
  }
  const warnings: CorpusProblem[] = [];
  if (title === undefined) {
    // As for a PDF with no title: the file name says what the notes are about better than nothing does.
    title = stem;
    warnings.push({
      file,
      line: 1,
      message: `no title: the front matter has no \`title\` and the text no \`# heading\`; titled "${stem}" from the file name`,
    });
  }
  const rawYear = front['year'];
  const year = parseYear(rawYear);
  if (rawYear !== undefined && year === null)
    problems.push({ file, line: 1, message: `year is not a year: ${JSON.stringify(rawYear)}` });
  const authors = front['authors'] ?? front['author'];
  const id = stringField(front['id']) ?? (typeof front['id'] === 'number' ? String(front['id']) : undefined);
  const { tags, moreTags } = tagsOf(front['tags']);
  const draft: PaperDraft = {
    id: id ?? `${slugify(stem)}-${shortHash(file)}`,
    keys: [title, stem],
    title,
    text,
    topic: stringField(front['topic']) ?? null,
    authors:
      typeof authors === 'string'
        ? splitAuthors(authors)
        : Array.isArray(authors)
          ? authors.filter((a): a is string => typeof a === 'string' && a.trim() !== '').map((a) => a.trim())
          : [],
    year,
    venue: stringField(front['venue']) ?? null,
    tags,
    moreTags,
    facts: {
      url: stringField(front['url']),
      pdf: stringField(front['pdf']),
      code: stringField(front['code']),
      arxiv: stringField(front['arxiv']),
      doi: stringField(front['doi']),
    },
    line: titleLine,
    pageStarts: null,
  };
  if (typeof front['arxiv'] === 'number') {
    problems.push({
      file,
      line: 1,
      message: `arxiv must be quoted in YAML (a number loses trailing zeros): ${front['arxiv']}`,
    });
  }
  return { drafts: [draft], problems, warnings };
}
