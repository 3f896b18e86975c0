import { chunkPaper } from '../core/search/text/chunk.js';
import { loadCorpus } from '../corpus/read/load-corpus.js';
import type { BenchCorpus } from './bench-engine.js';

/**
 * Reads the corpus with the bot's own loader and chunker, keeping the first `limit` papers (all
 * when null), so every engine is measured on exactly what the bot would index.
 */
export async function readBenchCorpus(path: string, limit: number | null): Promise<BenchCorpus & { problems: number }> {
  const loaded = await loadCorpus(path);
  const papers = limit === null ? loaded.papers : loaded.papers.slice(0, limit);
  if (papers.length === 0) throw new Error(`bench: no papers in ${JSON.stringify(path)}`);
  return { papers, chunks: papers.flatMap((paper) => chunkPaper(paper)), problems: loaded.problems.length };
}
