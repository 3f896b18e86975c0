import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { chunkPaper } from '../core/search/text/chunk.js';
import { describeReloadedFiles, summarizeReload, type CorpusReload } from '../core/paper/corpus-reload.js';
import { EMPTY_CORPUS_HINT } from '../core/paper/format-corpus-problem.js';
import type { WorkMerge } from '../core/paper/merge-papers.js';
import type { CorpusProblem, Paper } from '../core/paper/paper.js';
import { loadConfig } from '../config.js';
import { loadCorpus, type LoadProgress } from '../corpus/read/load-corpus.js';
import { openStoreToRead, type StoreLocation } from '../store/open-store.js';
import { UsageError, type CliCommand, type CliIo, parseCliArgs } from './command.js';

/** Papers listed per file in the human report; `--json` lists all. */
const LISTED_PER_FILE = 20;

function progressPrinter(io: CliIo): ((p: LoadProgress) => void) | undefined {
  if (!io.stderr.isTTY) return undefined;
  let shown = -1;
  return ({ file, done, total }) => {
    const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
    if (percent === shown) return;
    shown = percent;
    io.stderr.write(`\r\x1b[Kcorpus: reading ${file} ${percent}%`);
  };
}

/** Items grouped by the file they came from, in order (one pass: a file may hold 90,000 papers). */
function groupByFile<T>(items: readonly T[], fileOf: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const file = fileOf(item);
    const group = map.get(file);
    if (group) group.push(item);
    else map.set(file, [item]);
  }
  return map;
}

/** `file:line: message`: under this command's own name, without the `corpus:` prefix of log lines. */
function place(problem: CorpusProblem): string {
  return `${problem.line > 0 ? `${problem.file}:${problem.line}` : problem.file}: ${problem.message}`;
}

/** Problems in file, then line order (the reader reports some only when a file ends). */
function inFileOrder(problems: readonly CorpusProblem[]): CorpusProblem[] {
  return [...problems].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

function describePaper(paper: Paper): string {
  const facts = [
    paper.authors.slice(0, 2).join(', ') + (paper.authors.length > 2 ? ' et al.' : ''),
    paper.year,
    paper.venue,
  ]
    .filter((f) => f !== null && f !== '')
    .join(', ');
  return `  ${paper.id}  ${paper.title}${facts ? ` (${facts})` : ''}\n      ${paper.links.map((l) => l.url).join('  ')}`;
}

/** Said of a file some of whose papers were merged into a paper listed elsewhere. */
function mergedNote(count: number): string {
  return count === 0 ? '' : ` (${count.toLocaleString('en-US')} merged into another, listed there)`;
}

/** Where a paper came from: `file:line`. */
function at(source: Paper['source']): string {
  return `${source.file}:${source.line}`;
}

/** Each merge: the paper kept (its id and source), then every paper merged into it and the rule that did it. */
function mergeLines(merges: readonly WorkMerge[]): string[] {
  if (merges.length === 0) return [];
  const papers = merges.reduce((sum, m) => sum + m.papers.length, 0);
  const lines = [
    `merged ${plural(papers, 'paper')} into ${plural(merges.length, 'work')} (the same work, listed once):`,
  ];
  for (const merge of merges) {
    const [first, ...rest] = merge.papers;
    lines.push(`  ${merge.id}  ${merge.title}  (${at(first!.source)})`);
    for (const paper of rest) lines.push(`    = ${paper.id}  ${at(paper.source)}  by ${paper.rule}`);
  }
  return lines;
}

/**
 * The last live reload of the corpus at `corpus` that a running bot or chat recorded in the store;
 * undefined when there is no store or no reload of that corpus.
 */
async function lastReload(where: StoreLocation, corpus: string): Promise<CorpusReload | undefined> {
  const store = await openStoreToRead(where);
  try {
    return await store?.reloads.last(corpus);
  } finally {
    await store?.close();
  }
}

function reloadLines(reload: CorpusReload): string[] {
  return [
    `last live reload ${reload.at}: ${summarizeReload(reload)}`,
    ...describeReloadedFiles(reload).map((line) => `  ${line}`),
    ...inFileOrder(reload.problems)
      .slice(0, LISTED_PER_FILE)
      .map((p) => `  problem: ${place(p)}`),
    ...(reload.problems.length > LISTED_PER_FILE
      ? [`  … and ${plural(reload.problems.length - LISTED_PER_FILE, 'more problem')} (--json lists all)`]
      : []),
  ];
}

/** `paperboy corpus check [PATH] [--json]`: reads the corpus and reports papers, chunks and problems by file. */
export const corpusCheckCommand = {
  name: 'corpus check',
  usage: 'corpus check [PATH] [--json] [--data DIR]',
  summary:
    'read the corpus (a folder or one file) and report papers, chunks and problems, and what the last live reload changed; exit 1 on problems or no papers',
  async run(args: string[], io: CliIo): Promise<number> {
    const parsed = parseCliArgs({
      args,
      options: { json: { type: 'boolean', default: false }, data: { type: 'string' } },
      allowPositionals: true,
    });
    if (parsed.positionals.length > 1) throw new UsageError(`expected one PATH, got ${parsed.positionals.length}`);
    const config = parsed.positionals[0] === undefined || parsed.values.data === undefined ? loadConfig() : undefined;
    const given = parsed.positionals[0] ?? config!.CORPUS_DIR;
    const path = resolve(io.cwd, given);
    if (!(await stat(path).catch(() => undefined))) throw new UsageError(`no such file or directory: '${given}'`);
    // --data names a folder, so its SQLite store; without it, the configured store (DATABASE_URL when set).
    const reload = await lastReload(
      {
        dataDir: resolve(io.cwd, parsed.values.data ?? config!.DATA_DIR),
        databaseUrl: parsed.values.data === undefined ? config?.DATABASE_URL : undefined,
      },
      path,
    );

    const onProgress = progressPrinter(io);
    const corpus = await loadCorpus(path, onProgress ? { onProgress } : {});
    if (onProgress) io.stderr.write('\r\x1b[K');
    const chunksPerPaper = new Map(corpus.papers.map((p) => [p.id, chunkPaper(p).length]));
    const chunks = [...chunksPerPaper.values()].reduce((a, b) => a + b, 0);

    if (parsed.values.json) {
      const papers = corpus.papers.map((p) => ({
        id: p.id,
        title: p.title,
        links: p.links,
        authors: p.authors,
        year: p.year,
        venue: p.venue,
        topic: p.topic,
        tags: p.tags,
        moreTags: p.moreTags,
        source: p.source,
        ...(p.merged ? { merged: p.merged } : {}),
        pages: p.pageStarts?.length ?? null,
        chunks: chunksPerPaper.get(p.id) ?? 0,
      }));
      const out = {
        papers,
        chunks,
        merged: corpus.merged.map((m) => ({
          id: m.id,
          title: m.title,
          papers: m.papers.map((p) => ({ id: p.id, file: p.source.file, line: p.source.line, rule: p.rule })),
        })),
        problems: corpus.problems,
        warnings: corpus.warnings,
        files: corpus.files,
        lastReload: reload ?? null,
      };
      io.stdout.write(JSON.stringify(out) + '\n');
      return corpus.problems.length > 0 || corpus.papers.length === 0 ? 1 : 0;
    }

    const problems = groupByFile(inFileOrder(corpus.problems), (p) => p.file);
    const warnings = groupByFile(inFileOrder(corpus.warnings), (w) => w.file);
    const lines: string[] = [];
    const papersOf = groupByFile(corpus.papers, (p) => p.source.file);
    const files = [...corpus.files.map((f) => f.file), ...problems.keys(), ...warnings.keys()];
    const mergedAway = groupByFile(
      corpus.merged.flatMap((m) => m.papers.slice(1)),
      (p) => p.source.file,
    );
    for (const file of new Set(files)) {
      const summary = corpus.files.find((f) => f.file === file);
      const listed = papersOf.get(file) ?? [];
      const fileChunks = listed.reduce((sum, p) => sum + (chunksPerPaper.get(p.id) ?? 0), 0);
      const what =
        summary?.format === 'sidecar'
          ? `metadata for ${plural(summary.papers, 'paper')}`
          : summary
            ? `${plural(summary.papers, 'paper')}${mergedNote(mergedAway.get(file)?.length ?? 0)}, ${plural(fileChunks, 'chunk')}`
            : 'skipped';
      lines.push([file, summary?.format, what].filter((part) => part !== undefined).join('  '));
      for (const paper of listed.slice(0, LISTED_PER_FILE)) lines.push(describePaper(paper));
      if (listed.length > LISTED_PER_FILE)
        lines.push(`  … and ${plural(listed.length - LISTED_PER_FILE, 'more paper')} (--json lists all)`);
      for (const p of problems.get(file) ?? []) lines.push(`  problem: ${place(p)}`);
      for (const w of warnings.get(file) ?? []) lines.push(`  warning: ${place(w)}`);
    }
    const merges = mergeLines(corpus.merged);
    if (merges.length > 0) lines.push('', ...merges);
    if (reload) lines.push('', ...reloadLines(reload));
    if (lines.length > 0) lines.push('');
    lines.push(
      `corpus: ${plural(corpus.papers.length, 'paper')}${corpus.merged.length > 0 ? ` (${plural(corpus.merged.length, 'merged work')})` : ''}, ${plural(chunks, 'chunk')}, ` +
        `${plural(corpus.problems.length, 'problem')}, ${plural(corpus.warnings.length, 'warning')} in ${given}`,
    );
    if (corpus.papers.length === 0) lines.push(`warning: ${given} holds no papers: ${EMPTY_CORPUS_HINT}`);
    io.stdout.write(lines.join('\n') + '\n');
    return corpus.problems.length > 0 || corpus.papers.length === 0 ? 1 : 0;
  },
} satisfies CliCommand;
