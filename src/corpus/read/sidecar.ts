import { z } from 'zod';
import { parse as parseYaml } from 'yaml';
import type { CorpusProblem } from '../../core/paper/paper.js';
import type { LinkFacts } from '../../core/paper/paper-links.js';
import { readLines } from './read-lines.js';
import { splitAuthors, type PaperDraft } from './paper-draft.js';

const text = z.string().trim().min(1);
const idString = (what: string) =>
  z
    .string({ error: `${what} must be a string (quote it in YAML, or a number like 2310.04500 loses its zero)` })
    .trim()
    .min(1);

/** What a sidecar may say about one paper. Unknown keys are reported, so a typo never silently drops a fact. */
export const SidecarFieldsSchema = z.strictObject({
  title: text.optional(),
  authors: z.union([z.array(text), text]).optional(),
  year: z.number().int().min(1000).max(3000).optional(),
  venue: text.optional(),
  url: text.optional(),
  pdf: text.optional(),
  code: text.optional(),
  arxiv: idString('arxiv').optional(),
  doi: idString('doi').optional(),
  /** Ids of papers this one is not the same work as, though they look it: never merged with it. */
  distinct: z.array(idString('distinct')).min(1).optional(),
});
export type SidecarFields = z.infer<typeof SidecarFieldsSchema>;

/**
 * `NAME.meta.json` / `NAME.meta.yaml` beside `NAME.txt|jsonl|md|pdf|bib`. Top-level fields describe the file's
 * paper (a PDF, a Markdown note); `papers` holds per-paper fields for a file of several papers, keyed by
 * the paper's title line (the file-name line for a supplement), its `_id`, its BibTeX key, or its id.
 * `about` is a free note for people.
 */
export const SidecarSchema = SidecarFieldsSchema.extend({
  about: z.string().optional(),
  papers: z.record(z.string().min(1), SidecarFieldsSchema).optional(),
});
export type SidecarData = z.infer<typeof SidecarSchema>;

export interface Sidecar {
  file: string;
  data: SidecarData;
  /** 1-based line of each `papers` key in the sidecar, for problems about it (0 when not found). */
  keyLines: Map<string, number>;
}

/** The 1-based line where `needle` first appears in `raw`, or 0. */
function lineOf(raw: string, needle: string): number {
  const at = raw.indexOf(needle);
  if (at < 0) return 0;
  let line = 1;
  for (let i = 0; i < at; i++) if (raw.charCodeAt(i) === 10) line++;
  return line;
}

/** Reads and validates a sidecar. Problems name the file and line; a sidecar with any error is not applied. */
export async function readSidecar(
  path: string,
  file: string,
  syntax: 'json' | 'yaml',
): Promise<{ sidecar?: Sidecar; problems: CorpusProblem[] }> {
  const problems: CorpusProblem[] = [];
  const lines: string[] = [];
  for await (const event of readLines(path)) {
    if (event.kind === 'line') lines.push(event.text);
    else if (event.kind === 'too-long')
      problems.push({ file, line: event.line, message: `line is too long (${event.bytes} bytes)` });
    else if (event.kind === 'bad-utf8')
      problems.push({ file, line: event.line, message: `not valid UTF-8 (byte ${event.column} of the line)` });
    else problems.push({ file, line: event.line, message: `unreadable: ${event.message}` });
  }
  if (problems.length > 0) return { problems };
  const raw = lines.join('\n');
  let value: unknown;
  try {
    value = syntax === 'json' ? JSON.parse(raw) : parseYaml(raw);
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    const linePos = (error as { linePos?: Array<{ line: number }> }).linePos?.[0]?.line;
    return { problems: [{ file, line: linePos ?? 0, message: `not valid ${syntax.toUpperCase()}: ${message}` }] };
  }
  const parsed = SidecarSchema.safeParse(value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const where = issue.path.map(String);
      const keys = 'keys' in issue && Array.isArray(issue.keys) ? (issue.keys as string[]) : [];
      const anchor = keys[0] ?? where.at(-1);
      const line = anchor === undefined ? 0 : lineOf(raw, syntax === 'json' ? JSON.stringify(anchor) : anchor);
      const at = where.length > 0 ? `${where.join('.')}: ` : '';
      problems.push({ file, line, message: `bad metadata: ${at}${issue.message}` });
    }
    return { problems };
  }
  const keyLines = new Map<string, number>();
  for (const key of Object.keys(parsed.data.papers ?? {})) {
    keyLines.set(key, lineOf(raw, syntax === 'json' ? JSON.stringify(key) : key));
  }
  return { sidecar: { file, data: parsed.data, keyLines }, problems };
}

function applyFields(draft: PaperDraft, fields: SidecarFields): void {
  if (fields.title !== undefined) draft.title = fields.title;
  if (fields.authors !== undefined)
    draft.authors = typeof fields.authors === 'string' ? splitAuthors(fields.authors) : fields.authors;
  if (fields.year !== undefined) draft.year = fields.year;
  if (fields.venue !== undefined) draft.venue = fields.venue;
  const facts: LinkFacts = { ...draft.facts };
  for (const key of ['url', 'pdf', 'code', 'arxiv', 'doi'] as const)
    if (fields[key] !== undefined) facts[key] = fields[key];
  draft.facts = facts;
  if (fields.distinct !== undefined) draft.distinct = [...new Set([...(draft.distinct ?? []), ...fields.distinct])];
  // Stated metadata names the paper better than its hash does.
  if (fields.title !== undefined) delete draft.searchQuery;
}

/**
 * Applies a sidecar to the drafts of one paper file, in place. Returns the `papers` keys it used, so the
 * caller can report keys that match no paper once every file sharing the sidecar has been read.
 */
export function applySidecar(
  drafts: PaperDraft[],
  sidecar: Sidecar,
  dataFile: string,
): { used: Set<string>; problems: CorpusProblem[] } {
  const problems: CorpusProblem[] = [];
  const { papers, about: _about, ...top } = sidecar.data;
  const used = new Set<string>();
  if (top.title !== undefined && drafts.length > 1) {
    problems.push({
      file: sidecar.file,
      line: 0,
      message: `a top-level title applies to one paper, but ${dataFile} holds ${drafts.length}; put it under "papers"`,
    });
    delete top.title;
  }
  const byKey = new Map<string, PaperDraft[]>();
  for (const draft of drafts) {
    for (const key of new Set([...draft.keys, draft.id])) byKey.set(key, [...(byKey.get(key) ?? []), draft]);
  }
  for (const draft of drafts) applyFields(draft, top);
  for (const [key, fields] of Object.entries(papers ?? {})) {
    const matched = byKey.get(key);
    if (!matched) continue;
    used.add(key);
    for (const draft of matched) applyFields(draft, fields);
  }
  return { used, problems };
}
