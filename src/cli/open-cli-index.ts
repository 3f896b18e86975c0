import { resolve } from 'node:path';
import { checkCorpusPath, prepareDataFolder } from '../check-paths.js';
import { ConfigError, loadConfig } from '../config.js';
import { openIndex, openNotices, type OpenedIndex } from '../corpus/open-index.js';
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
  const corpusProblem = await checkCorpusPath(corpus);
  if (corpusProblem !== undefined) {
    if (corpusFlag !== undefined) throw new UsageError(`--corpus: ${corpusProblem}`);
    throw new ConfigError(`config: CORPUS_DIR: ${corpusProblem}`);
  }
  const dataDir = resolve(io.cwd, config.DATA_DIR);
  const dataProblem = await prepareDataFolder(dataDir);
  if (dataProblem !== undefined) throw new ConfigError(`config: DATA_DIR: ${dataProblem}`);
  const progress = progressLine(io.stderr);
  let opened: OpenedIndex;
  try {
    opened = await openIndex({
      corpus,
      dataDir,
      rebuild: options.rebuild ?? false,
      onProgress: progress,
    });
  } finally {
    progress.done();
  }
  for (const notice of openNotices(opened)) io.stderr.write(`paperboy: ${notice}\n`);
  return opened;
}
