import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { dirname } from 'node:path/posix';
import type { WorkMerge } from '../../core/paper/merge-papers.js';
import { mergeWorks, type FirstSeenReader } from './merge-works.js';
import type { CorpusProblem, Paper } from '../../core/paper/paper.js';
import { classifyFile } from './corpus-format.js';
import { stemKey } from './corpus-keys.js';
import {
  CorpusReader,
  type CorpusFileRead,
  type CorpusFileSummary,
  type PaperFileEntry,
  type SidecarFileEntry,
} from './corpus-reader.js';
import { walkCorpus, type CorpusEntry } from './walk-corpus.js';

/** Bumped whenever a parser changes what it makes of the same bytes, so cached indexes are rebuilt. */
export const CORPUS_READER_VERSION = 3;

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
  /** When the deployment first saw each paper id, read only if papers merge: a merged work keeps its earliest-seen paper's id. */
  firstSeen?: FirstSeenReader | undefined;
}

export interface LoadedCorpus {
  /**
   * Validated papers in file order, then line order; ids are unique (the first of a duplicate is kept), and
   * papers that are the same work are merged into one, at the place of the first ({@link mergeSameWorks}).
   */
  papers: Paper[];
  /** Every merge of papers found to be the same work: which papers, from which files, by which rule. */
  merged: WorkMerge[];
  /** What is wrong with the input: each names a file and line. Any problem fails `corpus check`. */
  problems: CorpusProblem[];
  /** Worth saying, not wrong: unknown file types skipped, a sidecar with no paper file. */
  warnings: CorpusProblem[];
  /** Every file read, with its format and how many papers it gave (for a sidecar: how many it described). */
  files: CorpusFileSummary[];
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
  const distinct = new Map<string, string[]>();

  const paperFiles: PaperFileEntry[] = [];
  const sidecarEntries: SidecarFileEntry[] = [];
  for (const entry of entries) {
    const kind = classifyFile(entry.file);
    if (kind.kind === 'paper') paperFiles.push({ entry, format: kind.format, stem: kind.stem });
    else if (kind.kind === 'sidecar') sidecarEntries.push({ entry, syntax: kind.syntax });
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
    for (const [id, ids] of read.distinct) distinct.set(id, ids);
    files.push({ file: read.file, papers: read.papers.length, format: read.format });
  }
  const end = reader.finish();
  problems.push(...end.problems);
  warnings.push(...end.warnings);
  files.push(...end.files);
  const ids = new Set(distinct.size > 0 ? papers.map((p) => p.id) : []);
  for (const paper of distinct.size > 0 ? papers : []) {
    for (const other of distinct.get(paper.id) ?? []) {
      if (ids.has(other)) continue;
      const message = `distinct: ${JSON.stringify(other)} (kept apart from ${JSON.stringify(paper.id)}) matches no paper`;
      warnings.push({ file: paper.source.file, line: paper.source.line, message });
    }
  }
  const merged = await mergeWorks(papers, { compareSources: compareSourcesInCorpus, distinct }, options.firstSeen);
  return { papers: merged.papers, merged: merged.merges, problems, warnings, files };
}

/** Corpus order of two papers' sources: file as {@link compareCorpusFiles} orders them, then line. */
export function compareSourcesInCorpus(a: Paper['source'], b: Paper['source']): number {
  return compareCorpusFiles(a.file, b.file) || a.line - b.line;
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
  // Named files grouped by their stem key, each group read whole.
  const groups = new Map<string, { dir: string; named: Set<string> }>();
  for (const file of files) {
    const key = stemKey(file);
    if (key === undefined) continue;
    const known = groups.get(key) ?? { dir: dirname(file), named: new Set<string>() };
    if (classifyFile(file).kind === 'paper') known.named.add(file);
    groups.set(key, known);
  }
  const paperFiles: PaperFileEntry[] = [];
  const sidecarEntries: SidecarFileEntry[] = [];
  const missing: string[] = [];
  const listed = new Map<string, string[]>();
  for (const [key, { dir, named }] of groups) {
    let names = listed.get(dir);
    if (!names) {
      names = await listVisible(join(root, dir));
      listed.set(dir, names);
    }
    const present = new Set<string>();
    for (const name of names) {
      const kind = classifyFile(name);
      const file = dir === '.' ? name : `${dir}/${name}`;
      if (kind.kind === 'unknown' || stemKey(file) !== key) continue;
      const path = join(root, file);
      const info = await stat(path).catch(() => undefined);
      if (!info?.isFile()) continue;
      const entry: CorpusEntry = { file, path, size: info.size, mtimeMs: info.mtimeMs };
      if (kind.kind === 'paper') {
        paperFiles.push({ entry, format: kind.format, stem: kind.stem });
        present.add(file);
      } else sidecarEntries.push({ entry, syntax: kind.syntax });
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
