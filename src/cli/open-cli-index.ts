import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadConfig } from '../config.js';
import { openIndex, type OpenedIndex } from '../corpus/open-index.js';
import { progressLine } from '../terminal/progress-line.js';
import { UsageError, type CliIo } from './command.js';

/**
 * Opens the index a CLI command asked for: the corpus in `--corpus` (else CORPUS_DIR), through the
 * snapshot in DATA_DIR, with progress on a terminal.
 */
export async function openCliIndex(
  io: CliIo,
  corpusFlag: string | undefined,
  options: { rebuild?: boolean } = {},
): Promise<OpenedIndex> {
  const config = loadConfig();
  const given = corpusFlag ?? config.CORPUS_DIR;
  const corpus = resolve(io.cwd, given);
  if (!(await stat(corpus).catch(() => undefined)))
    throw new UsageError(`no such corpus file or directory: '${given}'`);
  const progress = progressLine(io.stderr);
  try {
    return await openIndex({
      corpus,
      dataDir: resolve(io.cwd, config.DATA_DIR),
      rebuild: options.rebuild ?? false,
      onProgress: progress,
    });
  } finally {
    progress.done();
  }
}
