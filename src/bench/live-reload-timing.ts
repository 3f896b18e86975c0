import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ask } from '../core/answer/answer.js';
import { LiveCorpus } from '../corpus/live/live-corpus.js';
import { openIndex, refreshSnapshot } from '../corpus/open-index.js';
import { walkCorpus } from '../corpus/read/walk-corpus.js';
import { startStallProbe } from './stall-probe.js';

const round = (ms: number) => Math.round(ms * 10) / 10;

function records(prefix: string, count: number): string {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    lines.push(
      JSON.stringify({
        _id: `${prefix}-${i}`,
        title: `Live reload benchmark paper ${prefix} ${i} on sparse mixture routing`,
        text: `We study sparse mixture-of-experts routing, variant ${i}. `.repeat(12),
      }),
    );
  }
  return lines.join('\n') + '\n';
}

/**
 * How long live reloads take on a large corpus, and the longest the event loop stalls meanwhile (a
 * query arriving then waits at most that long before it is answered). The corpus file is linked into a
 * temporary CORPUS_DIR; the index is built (or loaded from the snapshot in a temporary DATA_DIR).
 * Run: `npm run build && node dist/bench/live-reload-timing.js CORPUS.jsonl.gz`.
 */
export async function measureLiveReloads(corpusFile: string, log: (line: string) => void): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'paperboy-live-bench-'));
  const corpus = join(root, 'corpus');
  const dataDir = join(root, 'data');
  try {
    await mkdir(corpus);
    const big = basename(corpusFile);
    await symlink(resolve(corpusFile), join(corpus, big));
    const { entries } = await walkCorpus(corpus);
    let start = performance.now();
    const opened = await openIndex({ corpus, dataDir });
    log(`index: ${opened.index.paperCount} papers, ${opened.source} in ${round(performance.now() - start)} ms`);
    const live = new LiveCorpus({
      root: corpus,
      index: opened.index,
      files: entries,
      refreshSnapshot: async (fingerprint) => {
        const probe = startStallProbe(1);
        const t = performance.now();
        const saved = await refreshSnapshot({
          corpus,
          dataDir,
          index: opened.index,
          fingerprint,
          report: { problems: live.problems, warnings: opened.warnings },
        });
        log(
          `  snapshot refresh: ${JSON.stringify(saved)} in ${round(performance.now() - t)} ms, longest stall ${round(probe.stop())} ms`,
        );
      },
      options: { snapshotDelayMs: 60_000 },
    });
    const step = async (
      what: string,
      prepare: () => Promise<void>,
      changes: { changed: string[]; removed: string[] },
    ) => {
      await prepare();
      const probe = startStallProbe(1);
      start = performance.now();
      const reload = await live.apply(changes);
      const ms = round(performance.now() - start);
      const stall = round(probe.stop());
      const t = performance.now();
      ask(opened.index, 'sparse mixture of experts routing', { limit: 5 });
      log(
        `${what}: +${reload.added} ~${reload.replaced} -${reload.removed} in ${ms} ms, longest stall ${stall} ms; ` +
          `ask after: ${round(performance.now() - t)} ms`,
      );
    };
    await step('one new 200-paper file', () => writeFile(join(corpus, 'new-200.jsonl'), records('a', 200)), {
      changed: ['new-200.jsonl'],
      removed: [],
    });
    await step('same file rewritten, same papers', () => writeFile(join(corpus, 'new-200.jsonl'), records('a', 200)), {
      changed: ['new-200.jsonl'],
      removed: [],
    });
    await step('one new 2,000-paper file', () => writeFile(join(corpus, 'new-2000.jsonl'), records('b', 2000)), {
      changed: ['new-2000.jsonl'],
      removed: [],
    });
    await step('that file removed', () => rm(join(corpus, 'new-2000.jsonl')), {
      changed: [],
      removed: ['new-2000.jsonl'],
    });
    await step(`the whole ${big} re-read (touched, unchanged)`, async () => {}, { changed: [big], removed: [] });
    await live.close();
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [corpusFile] = process.argv.slice(2);
  if (!corpusFile) {
    process.stderr.write('usage: node dist/bench/live-reload-timing.js CORPUS.jsonl.gz\n');
    process.exitCode = 2;
  } else {
    await measureLiveReloads(corpusFile, (line) => process.stdout.write(`${line}\n`));
  }
}
