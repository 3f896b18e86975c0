// Composition root: config → corpus → index → bot or terminal chat → digest → shutdown.
import { resolve } from 'node:path';
import { ConfigError, loadConfig } from './config.js';
import { openIndex } from './corpus/open-index.js';
import { runChat } from './terminal/chat.js';
import { progressLine } from './terminal/progress-line.js';

async function main(): Promise<number> {
  const config = loadConfig();
  const progress = progressLine(process.stderr);
  const opened = await openIndex({
    corpus: resolve(config.CORPUS_DIR),
    dataDir: resolve(config.DATA_DIR),
    onProgress: progress,
  });
  progress.done();
  if (opened.problems.length > 0) {
    process.stderr.write(`paperboy: ${opened.problems.length} corpus problems; see \`npx paperboy corpus check\`\n`);
  }
  if (opened.saved && 'error' in opened.saved) {
    process.stderr.write(`paperboy: index snapshot not saved: ${opened.saved.error}\n`);
  }
  await runChat(opened.index, { input: process.stdin, output: process.stdout });
  return 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 2;
  } else throw error;
}
