// Composition root: config → corpus → index → bot or terminal chat → digest → shutdown.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { REST } from 'discord.js';
import { ConfigError, loadConfig } from './config.js';
import { indexRanker } from './core/digest.js';
import { openIndex } from './corpus/open-index.js';
import { runBot } from './discord/bot.js';
import { corpusView } from './discord/corpus-view.js';
import { createDigests } from './discord/digests.js';
import { ownsScheduledJobs } from './discord/sharding.js';
import { createLogger } from './logger.js';
import { STORE_FILE, openStore } from './store/open-store.js';
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
  if (config.DISCORD_TOKEN) {
    const logger = createLogger({ level: config.LOG_LEVEL, secrets: [config.DISCORD_TOKEN] });
    const corpus = corpusView(opened.index, { problems: opened.problems.length });
    logger.info({ papers: opened.index.paperCount, source: opened.source }, 'corpus ready');
    // Digests: record when each paper was first seen, then post on schedule once the bot is up.
    const store = openStore(join(resolve(config.DATA_DIR), STORE_FILE));
    // Ids only: a snapshot's papers are made on first use, and most never need to be.
    store.papers.recordPapers(opened.index.store.ids, new Date());
    const rest = new REST({ api: config.DISCORD_API_BASE.replace(/\/+$/, '') }).setToken(config.DISCORD_TOKEN);
    const digests = createDigests({
      store,
      corpus: () => ({ papers: corpus.index.papers, rank: indexRanker(corpus.index) }),
      logger: logger.child({ module: 'digest' }),
      rest: () => rest,
    });
    try {
      return await runBot({
        token: config.DISCORD_TOKEN,
        apiBase: config.DISCORD_API_BASE,
        shards: config.SHARDING_MANAGER ? 'manager' : config.SHARDS,
        corpus: () => corpus,
        logger,
        version: await packageVersion(),
        digests: digests.service,
        onReady: (bot) => {
          if (ownsScheduledJobs(bot.client)) digests.start();
        },
        beforeDisconnect: () => digests.stop(),
      });
    } finally {
      await digests.stop();
      store.close();
    }
  }
  await runChat(opened.index, { input: process.stdin, output: process.stdout });
  return 0;
}

/** The version in package.json (one level above both src/ and dist/). */
async function packageVersion(): Promise<string> {
  const text = await readFile(new URL('../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

try {
  process.exitCode = await main();
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 2;
  } else throw error;
}
