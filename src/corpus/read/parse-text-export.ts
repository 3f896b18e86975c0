import type { CorpusProblem, PaperTag } from '../../core/paper/paper.js';
import { lineProblem } from './line-problems.js';
import { titleId, type PaperDraft, type ParsedFile } from './paper-draft.js';
import type { LineEvent } from './read-lines.js';

/** `f1c1592588411002af340cbaedd6fc33-Supplemental.pdf`: a paper known only by its conference file name. */
const SUPPLEMENT_LINE = /^([0-9a-f]{16,64})-(Supplement(?:al|ary)?(?:[-_ ]?Material)?)\.(pdf|zip)$/i;
const MORE_TAGS = /^\((\d+) more\.*\)$/;
const WEIGHTED = /^(.*?)\s*\((-?\d+(?:\.\d+)?)\)$/;

/** Lines longer than this, or ending like a sentence, are text, not a title. */
const MAX_TITLE_CHARS = 300;
const MAX_TITLE_WORDS = 40;

interface Line {
  line: number;
  /** null for a line that could not be read: it still holds its place, so the paper structure survives it. */
  text: string | null;
}

function isTagLine(text: string | null): boolean {
  return text !== null && (text.startsWith('- ') || text === '-');
}

function looksLikeTitle(text: string): boolean {
  return text.length <= MAX_TITLE_CHARS && text.split(/\s+/).length <= MAX_TITLE_WORDS && !/[.,;:]$/.test(text);
}

export type TagLine = { kind: 'tag'; tag: PaperTag } | { kind: 'more'; count: number } | { kind: 'bad' };

/** Parses a tag written as `A > B > C (0.14)` (weight optional) or `(2 more...)`. */
export function parseTag(body: string): TagLine {
  const more = MORE_TAGS.exec(body);
  if (more) return { kind: 'more', count: Number(more[1]) };
  const weighted = WEIGHTED.exec(body);
  const pathText = weighted ? weighted[1]! : body;
  const path = pathText
    .split(/\s+>\s+/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  if (path.length === 0) return { kind: 'bad' };
  return { kind: 'tag', tag: { path, weight: weighted ? Number(weighted[2]) : null } };
}

/**
 * Parses the plain-text export: line 1 is the collection's topic; then each paper is a title line (or a
 * `HASH-Supplemental.pdf` line) followed by one or more paragraphs, then optional `- ` tag lines
 * (`- A > B > C (0.14)`, `- (2 more...)`). A line after a paragraph starts a new paper when it is a
 * supplement line, a key of the file's sidecar, or title-like (short, no closing punctuation) and followed by text.
 */
export function parseTextExport(
  file: string,
  events: readonly LineEvent[],
  sidecarKeys: ReadonlySet<string>,
): ParsedFile {
  const problems: CorpusProblem[] = [];
  const lines: Line[] = [];
  for (const event of events) {
    const problem = lineProblem(file, event);
    if (problem) {
      problems.push(problem);
      lines.push({ line: event.line, text: null });
    } else if (event.kind === 'line' && event.text.trim() !== '')
      lines.push({ line: event.line, text: event.text.trim() });
  }
  const drafts: PaperDraft[] = [];
  let topic: string | null = null;
  let start = 0;
  const first = lines[0];
  if (first && first.line === 1 && first.text !== null && !isTagLine(first.text)) {
    topic = first.text;
    start = 1;
  }

  let current: PaperDraft | undefined;
  let paragraphs: Array<string | null> = [];
  type State = 'title' | 'text' | 'tags';
  // `open` sets it too; the cast keeps TypeScript from narrowing across that closure.
  let state = 'title' as State;
  const close = () => {
    if (!current) return;
    current.text = paragraphs.filter((p) => p !== null).join('\n\n');
    if (current.text === '') {
      const what = paragraphs.length > 0 ? 'no readable text' : 'no text';
      problems.push({
        file,
        line: current.line,
        message: `paper ${JSON.stringify(current.title)} has ${what}; skipped`,
      });
    } else drafts.push(current);
    current = undefined;
    paragraphs = [];
  };
  const open = (line: Line & { text: string }) => {
    close();
    const supplement = SUPPLEMENT_LINE.exec(line.text);
    const hash = supplement?.[1]?.toLowerCase();
    current = {
      id: hash ?? titleId(file, line.text),
      keys: [line.text],
      title: hash ? `Supplemental material (${line.text})` : line.text,
      text: '',
      topic,
      authors: [],
      year: null,
      venue: null,
      tags: [],
      moreTags: 0,
      facts: {},
      line: line.line,
      pageStarts: null,
      ...(hash ? { searchQuery: hash } : {}),
    };
    state = 'text';
  };

  for (let i = start; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.text === null) {
      // An unreadable line where text is due is the paper's text; elsewhere it is just gone.
      if (state === 'text') paragraphs.push(null);
      continue;
    }
    if (isTagLine(line.text)) {
      if (!current) {
        problems.push({ file, line: line.line, message: `tag line before any paper: ${JSON.stringify(line.text)}` });
        continue;
      }
      const tag = parseTag(line.text.slice(1).trim());
      if (tag.kind === 'more') current.moreTags += tag.count;
      else if (tag.kind === 'tag') current.tags.push(tag.tag);
      else problems.push({ file, line: line.line, message: `empty tag line: ${JSON.stringify(line.text)}` });
      state = 'tags';
      continue;
    }
    if (state === 'text' && current && paragraphs.length === 0) {
      paragraphs.push(line.text);
      continue;
    }
    if (state === 'text') {
      const next = lines[i + 1];
      const startsPaper =
        SUPPLEMENT_LINE.test(line.text) ||
        sidecarKeys.has(line.text) ||
        (looksLikeTitle(line.text) && next !== undefined && !isTagLine(next.text));
      if (!startsPaper) {
        paragraphs.push(line.text);
        continue;
      }
    }
    open({ line: line.line, text: line.text });
  }
  close();
  return { drafts, problems, warnings: [] };
}
