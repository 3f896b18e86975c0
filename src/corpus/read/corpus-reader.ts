import type { CorpusProblem, Paper } from '../../core/paper/paper.js';
import type { CorpusFormat } from './corpus-format.js';
import { duplicateIdProblem, stemKey } from './corpus-keys.js';
import { finishPaper, type ParsedFile } from './paper-draft.js';
import { parseJsonl } from './parse-jsonl.js';
import { parseMarkdown } from './parse-markdown.js';
import { parsePdf } from './parse-pdf.js';
import { parseTextExport } from './parse-text-export.js';
import { readLines, type LineEvent } from './read-lines.js';
import { applySidecar, readSidecar, type Sidecar } from './sidecar.js';
import type { CorpusEntry } from './walk-corpus.js';

// Reading paper files and their sidecars in one id space, shared by the full load and by the live
// corpus's reads of a few files.

async function collectLines(path: string, onBytes: (bytes: number) => void): Promise<LineEvent[]> {
  const events: LineEvent[] = [];
  for await (const event of readLines(path, { onBytes })) events.push(event);
  return events;
}

async function parseFile(
  entry: CorpusEntry,
  format: CorpusFormat,
  stem: string,
  sidecar: Sidecar | undefined,
  onBytes: (bytes: number) => void,
): Promise<ParsedFile> {
  switch (format) {
    case 'text': {
      const keys = new Set(Object.keys(sidecar?.data.papers ?? {}));
      return parseTextExport(entry.file, await collectLines(entry.path, onBytes), keys);
    }
    case 'jsonl':
      return parseJsonl(entry.path, entry.file, { gzip: entry.file.toLowerCase().endsWith('.gz'), onBytes });
    case 'markdown':
      return parseMarkdown(entry.file, stem, await collectLines(entry.path, onBytes));
    case 'pdf': {
      const parsed = await parsePdf(entry.path, entry.file, stem, entry.size);
      onBytes(entry.size);
      return parsed;
    }
    case 'bibtex': {
      // Loaded on first use: the BibTeX parser and its tables take ~0.2 s to import, a third of start-up.
      const { parseBibtex } = await import('./parse-bibtex.js');
      return parseBibtex(entry.file, await collectLines(entry.path, onBytes));
    }
  }
}

export interface PaperFileEntry {
  entry: CorpusEntry;
  format: CorpusFormat;
  stem: string;
}

export interface SidecarFileEntry {
  entry: CorpusEntry;
  syntax: 'json' | 'yaml';
}

/** One paper file as read: its papers (validated, sidecar applied) and what went wrong. */
export interface CorpusFileRead {
  file: string;
  format: CorpusFormat;
  /** Size and modification time as they were just before the file was read. */
  size: number;
  mtimeMs: number;
  papers: Paper[];
  /** Problems in this file: lines or papers that could not be read, a sidecar that could not be applied, duplicate ids. */
  problems: CorpusProblem[];
  warnings: CorpusProblem[];
  /** Paper id → ids a sidecar keeps it apart from (`distinct`), for the papers that have any. */
  distinct: Map<string, string[]>;
  /**
   * False when reading lost input: a line or paper that could not be read, or a sidecar beside it that
   * could not be applied. Duplicate ids alone leave a file complete (the paper is someone else's).
   */
  complete: boolean;
}

export interface CorpusFileSummary {
  file: string;
  papers: number;
  format: CorpusFormat | 'sidecar';
}

/** The sidecar key of a paper file or sidecar (both always have one). */
function keyOf(entry: CorpusEntry): string {
  return stemKey(entry.file) ?? entry.file;
}

/** Papers validated per event-loop turn when reading files of a corpus being served (~10 ms of work). */
const YIELD_EVERY = 200;

/** Reads paper files and the sidecars beside them, sharing one id space: the first paper of an id is kept. */
export class CorpusReader {
  readonly #sidecars = new Map<string, { sidecar?: Sidecar; used: Set<string>; papers: number; readers: number }>();
  readonly #seen = new Map<string, Paper['source']>();
  readonly #progress: (file: string) => (bytes: number) => void;
  readonly #yieldTurn: (() => Promise<void>) | undefined;

  /** With `yieldTurn`, papers are validated a slice per event-loop turn (for a corpus being served). */
  constructor(progress: (file: string) => (bytes: number) => void, yieldTurn?: () => Promise<void>) {
    this.#progress = progress;
    this.#yieldTurn = yieldTurn;
  }

  /** Reads the sidecars first, so every paper file finds its own; returns their problems. */
  async readSidecars(entries: readonly SidecarFileEntry[]): Promise<CorpusProblem[]> {
    const problems: CorpusProblem[] = [];
    for (const { entry, syntax } of entries) {
      const { sidecar, problems: found } = await readSidecar(entry.path, entry.file, syntax);
      this.#progress(entry.file)(entry.size);
      problems.push(...found);
      // A broken sidecar is remembered too: the paper files it describes are then incomplete.
      this.#sidecars.set(keyOf(entry), {
        ...(sidecar ? { sidecar } : {}),
        used: new Set(),
        papers: 0,
        readers: 0,
      });
    }
    return problems;
  }

  async readPaperFile({ entry, format, stem }: PaperFileEntry): Promise<CorpusFileRead> {
    const side = this.#sidecars.get(keyOf(entry));
    const parsed = await parseFile(entry, format, stem, side?.sidecar, this.#progress(entry.file));
    const problems = [...parsed.problems];
    let complete = parsed.problems.length === 0 && (side === undefined || side.sidecar !== undefined);
    if (side?.sidecar) {
      const applied = applySidecar(parsed.drafts, side.sidecar, entry.file);
      problems.push(...applied.problems);
      if (applied.problems.length > 0) complete = false;
      for (const key of applied.used) side.used.add(key);
    }
    if (side) {
      side.readers++;
      side.papers += parsed.drafts.length;
    }
    const papers: Paper[] = [];
    const distinct = new Map<string, string[]>();
    for (const [i, draft] of parsed.drafts.entries()) {
      if (this.#yieldTurn && i > 0 && i % YIELD_EVERY === 0) await this.#yieldTurn();
      const { paper, problems: invalid } = finishPaper(draft, entry.file);
      problems.push(...invalid);
      if (invalid.length > 0) complete = false;
      if (!paper) continue;
      const first = this.#seen.get(paper.id);
      if (first) {
        problems.push(duplicateIdProblem(paper.id, { file: entry.file, line: draft.line }, first));
        continue;
      }
      this.#seen.set(paper.id, paper.source);
      papers.push(paper);
      if (draft.distinct !== undefined) distinct.set(paper.id, draft.distinct);
    }
    return {
      file: entry.file,
      format,
      size: entry.size,
      mtimeMs: entry.mtimeMs,
      papers,
      problems,
      warnings: parsed.warnings,
      distinct,
      complete,
    };
  }

  /**
   * What is left to say about the sidecars once every paper file beside them was read: keys that matched
   * no paper, sidecars with no paper file.
   */
  finish(): {
    problems: CorpusProblem[];
    warnings: CorpusProblem[];
    files: CorpusFileSummary[];
  } {
    const problems: CorpusProblem[] = [];
    const warnings: CorpusProblem[] = [];
    const files: CorpusFileSummary[] = [];
    for (const { sidecar, used, papers: described, readers } of this.#sidecars.values()) {
      if (!sidecar) continue;
      if (readers === 0) {
        warnings.push({
          file: sidecar.file,
          line: 0,
          message: 'metadata for a paper file that does not exist; unused',
        });
      }
      if (readers > 0) {
        for (const key of Object.keys(sidecar.data.papers ?? {})) {
          if (used.has(key)) continue;
          problems.push({
            file: sidecar.file,
            line: sidecar.keyLines.get(key) ?? 0,
            message: `metadata for ${JSON.stringify(key)} matches no paper`,
          });
        }
      }
      files.push({ file: sidecar.file, papers: described, format: 'sidecar' });
    }
    return { problems, warnings, files };
  }
}
