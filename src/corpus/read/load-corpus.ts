import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { dirname } from 'node:path/posix';
import type { CorpusProblem, Paper } from '../../core/paper/paper.js';
import { classifyFile, type CorpusFormat } from './corpus-format.js';
import { finishPaper, type ParsedFile } from './paper-draft.js';
import { parseJsonl } from './parse-jsonl.js';
import { parseMarkdown } from './parse-markdown.js';
import { parsePdf } from './parse-pdf.js';
import { parseTextExport } from './parse-text-export.js';
import { readLines, type LineEvent } from './read-lines.js';
import { applySidecar, readSidecar, type Sidecar } from './sidecar.js';
import { walkCorpus, type CorpusEntry } from './walk-corpus.js';

/** Bumped whenever a parser changes what it makes of the same bytes, so cached indexes are rebuilt. */
export const CORPUS_READER_VERSION = 2;

export interface LoadProgress {
  /** The file being read, relative to the corpus root. */
  file: string;
  /** Bytes read so far across the whole corpus (compressed bytes for `.gz`). */
  done: number;
  /** Bytes of every file to read. */
  total: number;
}

export interface LoadCorpusOptions {
  onProgress?: (progress: LoadProgress) => void;
}

export interface CorpusFileSummary {
  file: string;
  papers: number;
  format: CorpusFormat | 'sidecar';
}

export interface LoadedCorpus {
  /** Validated papers in file order, then line order; ids are unique (the first of a duplicate is kept). */
  papers: Paper[];
  /** What is wrong with the input: each names a file and line. Any problem fails `corpus check`. */
  problems: CorpusProblem[];
  /** Worth saying, not wrong: unknown file types skipped, a sidecar with no paper file. */
  warnings: CorpusProblem[];
  /** Every file read, with its format and how many papers it gave (for a sidecar: how many it described). */
  files: CorpusFileSummary[];
}

function sidecarKey(file: string, stem: string): string {
  return `${dirname(file)}/${stem}`;
}

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

interface PaperFileEntry {
  entry: CorpusEntry;
  format: CorpusFormat;
  stem: string;
}

interface SidecarFileEntry {
  entry: CorpusEntry;
  stem: string;
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
  /**
   * False when reading lost input: a line or paper that could not be read, or a sidecar beside it that
   * could not be applied. Duplicate ids alone leave a file complete (the paper is someone else's).
   */
  complete: boolean;
}

/** Papers validated per event-loop turn when reading files of a corpus being served (~10 ms of work). */
const YIELD_EVERY = 200;

/** Reads paper files and the sidecars beside them, sharing one id space: the first paper of an id is kept. */
class CorpusReader {
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
    for (const { entry, stem, syntax } of entries) {
      const { sidecar, problems: found } = await readSidecar(entry.path, entry.file, syntax);
      this.#progress(entry.file)(entry.size);
      problems.push(...found);
      // A broken sidecar is remembered too: the paper files it describes are then incomplete.
      this.#sidecars.set(sidecarKey(entry.file, stem), {
        ...(sidecar ? { sidecar } : {}),
        used: new Set(),
        papers: 0,
        readers: 0,
      });
    }
    return problems;
  }

  async readPaperFile({ entry, format, stem }: PaperFileEntry): Promise<CorpusFileRead> {
    const side = this.#sidecars.get(sidecarKey(entry.file, stem));
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
    for (const [i, draft] of parsed.drafts.entries()) {
      if (this.#yieldTurn && i > 0 && i % YIELD_EVERY === 0) await this.#yieldTurn();
      const { paper, problems: invalid } = finishPaper(draft, entry.file);
      problems.push(...invalid);
      if (invalid.length > 0) complete = false;
      if (!paper) continue;
      const first = this.#seen.get(paper.id);
      if (first) {
        problems.push({
          file: entry.file,
          line: draft.line,
          message: `duplicate id ${JSON.stringify(paper.id)}, first seen at ${first.file}:${first.line}; kept the first`,
        });
        continue;
      }
      this.#seen.set(paper.id, paper.source);
      papers.push(paper);
    }
    return {
      file: entry.file,
      format,
      size: entry.size,
      mtimeMs: entry.mtimeMs,
      papers,
      problems,
      warnings: parsed.warnings,
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

/**
 * Reads every paper under `path` (a directory, read recursively, or one file): plain-text exports, JSON Lines
 * (plain or gzip, BEIR layout), Markdown with YAML front matter, PDFs and BibTeX, with `NAME.meta.json|yaml`
 * sidecars applied.
 * Bad input never stops the load: it becomes a problem naming the file and line, and everything else loads.
 * Throws only when `path` itself cannot be read.
 */
export async function loadCorpus(path: string, options: LoadCorpusOptions = {}): Promise<LoadedCorpus> {
  const { entries } = await walkCorpus(path);
  const problems: CorpusProblem[] = [];
  const warnings: CorpusProblem[] = [];
  const files: CorpusFileSummary[] = [];
  const papers: Paper[] = [];

  const paperFiles: PaperFileEntry[] = [];
  const sidecarEntries: SidecarFileEntry[] = [];
  for (const entry of entries) {
    const kind = classifyFile(entry.file);
    if (kind.kind === 'paper') paperFiles.push({ entry, format: kind.format, stem: kind.stem });
    else if (kind.kind === 'sidecar') sidecarEntries.push({ entry, stem: kind.stem, syntax: kind.syntax });
    else warnings.push({ file: entry.file, line: 0, message: 'unknown file type; skipped' });
  }

  const total = [...paperFiles, ...sidecarEntries].reduce((sum, f) => sum + f.entry.size, 0);
  let done = 0;
  const reader = new CorpusReader((file) => (bytes) => {
    done += bytes;
    options.onProgress?.({ file, done, total });
  });
  problems.push(...(await reader.readSidecars(sidecarEntries)));
  for (const paperFile of paperFiles) {
    const read = await reader.readPaperFile(paperFile);
    problems.push(...read.problems);
    warnings.push(...read.warnings);
    papers.push(...read.papers);
    files.push({ file: read.file, papers: read.papers.length, format: read.format });
  }
  const end = reader.finish();
  problems.push(...end.problems);
  warnings.push(...end.warnings);
  files.push(...end.files);
  return { papers, problems, warnings, files };
}

/** What {@link readCorpusFiles} read: each existing paper file, and the sidecars beside them. */
export interface CorpusFilesRead {
  /** The paper files that exist, in corpus order. */
  files: CorpusFileRead[];
  /** Named paper files (or the paper files of named sidecars) that do not exist. */
  missing: string[];
  /** The sidecars read, with size and modification time as read. */
  sidecars: Array<{ file: string; size: number; mtimeMs: number }>;
  /** Problems in the sidecars themselves (unreadable, invalid, keys that match no paper). */
  problems: CorpusProblem[];
  warnings: CorpusProblem[];
}

/** `dir/stem` of a corpus file, or undefined for files the corpus does not read. */
function groupOf(file: string): { dir: string; stem: string } | undefined {
  const kind = classifyFile(file);
  if (kind.kind === 'unknown') return undefined;
  return { dir: dirname(file), stem: kind.stem };
}

/**
 * Reads some files of the corpus at `root` alone, as {@link loadCorpus} would read them (same parsers,
 * validation, problems and sidecars), for a corpus that changes while it is served. `files` are
 * corpus-relative paper files or sidecars; each is read with everything that shares its `NAME`
 * (`NAME.pdf`, `NAME.meta.yaml`), so a sidecar change re-reads its paper file and a paper file finds its
 * metadata. Ids are unique within the read; duplicates of papers outside it are the caller's to check.
 * With `yieldTurn`, a large file's papers are validated a slice per event-loop turn.
 * @example await readCorpusFiles('corpus', ['new.pdf']) // { files: [{ file: 'new.pdf', papers: [...] }], … }
 */
export async function readCorpusFiles(
  root: string,
  files: readonly string[],
  options: { yieldTurn?: () => Promise<void> } = {},
): Promise<CorpusFilesRead> {
  const groups = new Map<string, { dir: string; stem: string; named: Set<string> }>();
  for (const file of files) {
    const group = groupOf(file);
    if (!group) continue;
    const key = `${group.dir}/${group.stem}`;
    const known = groups.get(key) ?? { ...group, named: new Set<string>() };
    if (classifyFile(file).kind === 'paper') known.named.add(file);
    groups.set(key, known);
  }
  const paperFiles: PaperFileEntry[] = [];
  const sidecarEntries: SidecarFileEntry[] = [];
  const missing: string[] = [];
  const listed = new Map<string, string[]>();
  for (const { dir, stem, named } of groups.values()) {
    let names = listed.get(dir);
    if (!names) {
      names = await listVisible(join(root, dir));
      listed.set(dir, names);
    }
    const present = new Set<string>();
    for (const name of names) {
      const kind = classifyFile(name);
      if (kind.kind === 'unknown' || kind.stem !== stem) continue;
      const file = dir === '.' ? name : `${dir}/${name}`;
      const path = join(root, file);
      const info = await stat(path).catch(() => undefined);
      if (!info?.isFile()) continue;
      const entry: CorpusEntry = { file, path, size: info.size, mtimeMs: info.mtimeMs };
      if (kind.kind === 'paper') {
        paperFiles.push({ entry, format: kind.format, stem });
        present.add(file);
      } else sidecarEntries.push({ entry, stem, syntax: kind.syntax });
    }
    for (const file of named) if (!present.has(file)) missing.push(file);
  }
  paperFiles.sort((a, b) => compareCorpusFiles(a.entry.file, b.entry.file));
  sidecarEntries.sort((a, b) => compareCorpusFiles(a.entry.file, b.entry.file));

  const reader = new CorpusReader(() => () => {}, options.yieldTurn);
  const problems = await reader.readSidecars(sidecarEntries);
  const reads: CorpusFileRead[] = [];
  const warnings: CorpusProblem[] = [];
  for (const paperFile of paperFiles) reads.push(await reader.readPaperFile(paperFile));
  // Every paper file sharing a sidecar was read, so a key that matched none really matches nothing.
  const end = reader.finish();
  problems.push(...end.problems);
  warnings.push(...end.warnings);
  return {
    files: reads,
    missing: missing.sort(compareCorpusFiles),
    sidecars: sidecarEntries.map(({ entry }) => ({ file: entry.file, size: entry.size, mtimeMs: entry.mtimeMs })),
    problems,
    warnings,
  };
}

/** Names in `dir` the corpus walk would visit (not hidden); none when the folder is gone. */
async function listVisible(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.filter((name) => !name.startsWith('.')).sort();
}

/**
 * Orders corpus-relative files as {@link walkCorpus} visits them: folder by folder, names sorted, so
 * `a/b.txt` comes before `a-c.txt`.
 */
export function compareCorpusFiles(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const [p, q] = [x[i]!, y[i]!];
    if (p !== q) return p < q ? -1 : 1;
  }
  return x.length - y.length;
}

/**
 * A cheap fingerprint of the corpus inputs (reader version, every paper and sidecar file's path, size and
 * modification time): equal fingerprints mean `loadCorpus` would read the same thing, so a cached index
 * can be reused without reading a byte of the papers.
 */
export async function corpusFingerprint(path: string): Promise<string> {
  const { entries } = await walkCorpus(path);
  return fingerprintFiles(entries);
}

/**
 * The fingerprint of a corpus made of these files (corpus-relative, with size and modification time),
 * as {@link corpusFingerprint} computes it from the disk. A corpus that changes while it is served keeps
 * its files' facts as they were when read, so its snapshot's fingerprint matches only what it holds.
 */
export function fingerprintFiles(files: Iterable<{ file: string; size: number; mtimeMs: number }>): string {
  const hash = createHash('sha256').update(`paperboy-corpus-reader ${CORPUS_READER_VERSION}\n`);
  const known = [...files].filter((f) => classifyFile(f.file).kind !== 'unknown');
  known.sort((a, b) => compareCorpusFiles(a.file, b.file));
  for (const entry of known) hash.update(`${entry.file}\t${entry.size}\t${Math.trunc(entry.mtimeMs)}\n`);
  return `corpus-v${CORPUS_READER_VERSION}:${hash.digest('hex').slice(0, 32)}`;
}
