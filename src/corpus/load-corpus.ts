import { createHash } from 'node:crypto';
import { dirname } from 'node:path/posix';
import type { CorpusProblem, Paper } from '../core/paper.js';
import { classifyFile, type CorpusFormat } from './corpus-format.js';
import { finishPaper, type ParsedFile } from './paper-draft.js';
import { parseBibtex } from './parse-bibtex.js';
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
    case 'bibtex':
      return parseBibtex(entry.file, await collectLines(entry.path, onBytes));
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

  const paperFiles: Array<{ entry: CorpusEntry; format: CorpusFormat; stem: string }> = [];
  const sidecarEntries: Array<{ entry: CorpusEntry; stem: string; syntax: 'json' | 'yaml' }> = [];
  for (const entry of entries) {
    const kind = classifyFile(entry.file);
    if (kind.kind === 'paper') paperFiles.push({ entry, format: kind.format, stem: kind.stem });
    else if (kind.kind === 'sidecar') sidecarEntries.push({ entry, stem: kind.stem, syntax: kind.syntax });
    else warnings.push({ file: entry.file, line: 0, message: 'unknown file type; skipped' });
  }

  const total = [...paperFiles, ...sidecarEntries].reduce((sum, f) => sum + f.entry.size, 0);
  let done = 0;
  const progress = (file: string) => (bytes: number) => {
    done += bytes;
    options.onProgress?.({ file, done, total });
  };

  const sidecars = new Map<string, { sidecar: Sidecar; used: Set<string>; papers: number; readers: number }>();
  for (const { entry, stem, syntax } of sidecarEntries) {
    const { sidecar, problems: found } = await readSidecar(entry.path, entry.file, syntax);
    progress(entry.file)(entry.size);
    problems.push(...found);
    if (sidecar) sidecars.set(sidecarKey(entry.file, stem), { sidecar, used: new Set(), papers: 0, readers: 0 });
  }

  const seen = new Map<string, Paper['source']>();
  for (const { entry, format, stem } of paperFiles) {
    const side = sidecars.get(sidecarKey(entry.file, stem));
    const parsed = await parseFile(entry, format, stem, side?.sidecar, progress(entry.file));
    problems.push(...parsed.problems);
    warnings.push(...parsed.warnings);
    if (side) {
      const applied = applySidecar(parsed.drafts, side.sidecar, entry.file);
      problems.push(...applied.problems);
      for (const key of applied.used) side.used.add(key);
      side.readers++;
      side.papers += parsed.drafts.length;
    }
    let count = 0;
    for (const draft of parsed.drafts) {
      const { paper, problems: invalid } = finishPaper(draft, entry.file);
      problems.push(...invalid);
      if (!paper) continue;
      const first = seen.get(paper.id);
      if (first) {
        problems.push({
          file: entry.file,
          line: draft.line,
          message: `duplicate id ${JSON.stringify(paper.id)}, first seen at ${first.file}:${first.line}; kept the first`,
        });
        continue;
      }
      seen.set(paper.id, paper.source);
      papers.push(paper);
      count++;
    }
    files.push({ file: entry.file, papers: count, format });
  }

  for (const { sidecar, used, papers: described, readers } of sidecars.values()) {
    if (readers === 0) {
      warnings.push({ file: sidecar.file, line: 0, message: 'metadata for a paper file that does not exist; unused' });
    }
    for (const key of Object.keys(sidecar.data.papers ?? {})) {
      if (readers > 0 && !used.has(key)) {
        problems.push({
          file: sidecar.file,
          line: sidecar.keyLines.get(key) ?? 0,
          message: `metadata for ${JSON.stringify(key)} matches no paper`,
        });
      }
    }
    files.push({ file: sidecar.file, papers: described, format: 'sidecar' });
  }
  return { papers, problems, warnings, files };
}

/**
 * A cheap fingerprint of the corpus inputs (reader version, every paper and sidecar file's path, size and
 * modification time): equal fingerprints mean `loadCorpus` would read the same thing, so a cached index
 * can be reused without reading a byte of the papers.
 */
export async function corpusFingerprint(path: string): Promise<string> {
  const { entries } = await walkCorpus(path);
  const hash = createHash('sha256').update(`paperboy-corpus-reader ${CORPUS_READER_VERSION}\n`);
  for (const entry of entries) {
    if (classifyFile(entry.file).kind === 'unknown') continue;
    hash.update(`${entry.file}\t${entry.size}\t${Math.trunc(entry.mtimeMs)}\n`);
  }
  return `corpus-v${CORPUS_READER_VERSION}:${hash.digest('hex').slice(0, 32)}`;
}
