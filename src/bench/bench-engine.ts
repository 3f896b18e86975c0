import type { Chunk } from '../core/search/text/chunk.js';
import type { Paper } from '../core/paper/paper.js';

export const ENGINE_NAMES = ['paperboy', 'minisearch', 'fts5'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

/** The papers of one corpus slice and their chunks, as the bot's corpus loader produced them. */
export interface BenchCorpus {
  papers: Paper[];
  chunks: Chunk[];
}

/** A loaded index, driven through the same async calls the bot would make. */
export interface ServingEngine {
  /** Ids of the best papers for a question or a title lookup, best first, at most `limit`. */
  ask(text: string, limit: number): Promise<string[]>;
  /** Ids of the papers whose titles would be offered for a typed prefix, in the order shown. */
  suggest(prefix: string): Promise<string[]>;
  close(): Promise<void>;
}

/** A built index that can write its snapshot. */
export interface BuiltIndex {
  /** Writes the snapshot into `dir` (which exists and is empty). */
  save(dir: string): Promise<void>;
}

/** One engine under test: how it builds, saves and loads, and a line saying exactly what was run. */
export interface EngineDriver {
  name: EngineName;
  description: string;
  build(corpus: BenchCorpus): Promise<BuiltIndex>;
  load(dir: string): Promise<ServingEngine>;
}

/**
 * The driver for one engine, imported on demand so a process measuring one engine's memory holds
 * no other engine's code.
 */
export async function loadDriver(name: EngineName): Promise<EngineDriver> {
  switch (name) {
    case 'paperboy':
      return (await import('./paperboy-driver.js')).PAPERBOY_DRIVER;
    case 'minisearch':
      return (await import('./minisearch-driver.js')).MINISEARCH_DRIVER;
    case 'fts5':
      return (await import('./fts5-driver.js')).FTS5_DRIVER;
  }
}
