// Composition root: config → corpus → index (kept in step with the corpus folder) → bot or terminal chat
// → digest → shutdown.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { checkCorpusPath, prepareDataFolder } from './check-paths.js';
import { ConfigError, loadConfig, terminalSettings } from './config.js';
import type { CorpusReload } from './core/paper/corpus-reload.js';
import { countCorpusProblems, EMPTY_CORPUS_HINT } from './core/paper/format-corpus-problem.js';
import { indexRanker } from './core/digest/digest.js';
import { prepareFacets } from './core/search/filter/paper-facets.js';
import { openLiveIndex } from './corpus/live/open-live-index.js';
import { openNotices } from './corpus/open-index.js';
import { createLogger } from './logger.js';
import { openStore, type Store } from './store/open-store.js';
import { ChatConversation } from './store/conversation-turn.js';
import { retryingStore } from './store/retrying-store.js';
import { StoreError } from './store/store.js';
import { StoreRetry } from './store/store-retry.js';
import { reloadNotice, runChat } from './terminal/chat.js';
import { hasInput } from './terminal/has-input.js';
import { progressLine } from './terminal/progress-line.js';

async function main(): Promise<number> {
  const config = loadConfig();
  const corpusDir = resolve(config.CORPUS_DIR);
  const dataDir = resolve(config.DATA_DIR);
  const pathProblems = [
    ['CORPUS_DIR', await checkCorpusPath(corpusDir)],
    ['DATA_DIR', await prepareDataFolder(dataDir)],
  ].filter(([, problem]) => problem !== undefined);
  if (pathProblems.length > 0) {
    throw new ConfigError(pathProblems.map(([name, problem]) => `config: ${name}: ${problem}`).join('\n'));
  }
  if (!config.DISCORD_TOKEN && !process.stdin.isTTY && !(await hasInput(process.stdin))) {
    process.stderr.write(
      'paperboy: no DISCORD_TOKEN and no terminal: nothing to do (set DISCORD_TOKEN to run the bot, or pipe questions in)\n',
    );
    return 2;
  }
  const logger = config.DISCORD_TOKEN
    ? createLogger({ level: config.LOG_LEVEL, secrets: [config.DISCORD_TOKEN] })
    : undefined;
  // The store keeps first-seen times for digests, the log of live reloads for `corpus check` and
  // conversations. The bot needs it (and waits for a PostgreSQL that is not up yet); the chat keeps its
  // conversation and logs reloads there, and runs without one it cannot open at once (its conversation then
  // lives in memory).
  const where = { databaseUrl: config.DATABASE_URL, dataDir };
  const storeLog = logger?.child({ module: 'store' }) ?? stderrLogger;
  let store: Store | undefined;
  if (config.DISCORD_TOKEN) {
    store = await openStore(where, {
      waitMs: config.DATABASE_WAIT_SECONDS * 1000,
      onWaiting: (location, reason) =>
        storeLog.warn({ store: location, err: reason }, `store: waiting up to ${config.DATABASE_WAIT_SECONDS} s`),
    });
  } else {
    try {
      store = await openStore(where, { waitMs: 0 });
    } catch (error) {
      process.stderr.write(
        `paperboy: reloads and the conversation not kept: ${error instanceof Error ? error.message : String(error)}\n`,
      );
    }
  }
  // Past start-up, a store out of reach is waited out call by call, and logged once per outage.
  let retry: StoreRetry | undefined;
  if (store) {
    const opened = store;
    logger?.info({ store: opened.location, engine: opened.engine, schema: opened.schemaVersion }, 'store ready');
    retry = new StoreRetry({
      location: opened.location,
      isTransient: (error) => opened.isTransient(error),
      logger: storeLog,
      clock: Date.now,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    });
    store = retryingStore(opened, retry);
  }
  const corpusLog = logger?.child({ module: 'corpus' });
  // Until the chat runs (and after), a reload notice is a line on stderr; the chat shows it above its prompt.
  const toStderr = (notice: string) => void process.stderr.write(`${notice}\n`);
  let showNotice: (notice: string) => void = toStderr;
  const onReload = (reload: CorpusReload) => {
    if (corpusLog) corpusLog.info({ ...reload, problems: reload.problems.length }, 'corpus reloaded');
    else showNotice(reloadNotice(reload));
  };
  const onError = (error: unknown, what: 'reload' | 'snapshot') => {
    if (corpusLog)
      corpusLog.error({ err: error }, what === 'reload' ? 'corpus reload failed' : 'snapshot refresh failed');
    else showNotice(`paperboy: ${what} failed: ${error instanceof Error ? error.message : String(error)}`);
  };

  const progress = progressLine(process.stderr);
  let served;
  try {
    served = await openLiveIndex({
      corpus: corpusDir,
      dataDir,
      onProgress: progress,
      watch: config.WATCH_CORPUS,
      store,
      onReload,
      onError,
    });
  } catch (error) {
    await store?.close();
    throw error;
  }
  const { opened, live } = served;
  progress.done();
  for (const notice of openNotices(opened)) process.stderr.write(`paperboy: ${notice}\n`);
  // Every start, also from the snapshot: its corpus report keeps what the last full read found.
  if (opened.problems.length > 0) {
    process.stderr.write(`paperboy: ${countCorpusProblems(opened.problems)}; see \`npx paperboy corpus check\`\n`);
  }
  if (opened.index.paperCount === 0) {
    process.stderr.write(`paperboy: CORPUS_DIR ${JSON.stringify(corpusDir)} holds no papers: ${EMPTY_CORPUS_HINT}\n`);
  }
  if (opened.saved && 'error' in opened.saved) {
    process.stderr.write(`paperboy: index snapshot not saved: ${opened.saved.error}\n`);
  }
  // Ids only: a snapshot's papers are made on first use, and most never need to be.
  await store?.papers.recordPapers(opened.index.paperIds, new Date());

  try {
    if (config.DISCORD_TOKEN && logger && store) {
      // Imported here: discord.js alone takes about a second to load, and the terminal chat never needs it.
      const [{ REST }, { runBot }, { corpusView }, { createDigests }, { discordShards }, { openDigestLeadership }] =
        await Promise.all([
          import('discord.js'),
          import('./discord/bot.js'),
          import('./discord/corpus-view.js'),
          import('./discord/digest/digests.js'),
          import('./discord/sharding.js'),
          import('./discord/digest/digest-leadership.js'),
        ]);
      const index = opened.index;
      const corpus = corpusView(index, live ? { live } : { problems: opened.problems });
      logger.info({ papers: index.paperCount, source: opened.source, watching: live !== undefined }, 'corpus ready');
      // Authors, venues and years for filters and their autocomplete, built a slice per turn ahead of the first use.
      void prepareFacets(index, setImmediate);
      const rest = new REST({ api: config.DISCORD_API_BASE.replace(/\/+$/, '') }).setToken(config.DISCORD_TOKEN);
      // The digest reads the index each time: papers added, changed or removed since are as they are now.
      const digests = createDigests({
        store,
        corpus: () => ({ papers: index.papers, rank: indexRanker(index), changedAt: live?.changedAt }),
        logger: logger.child({ module: 'digest' }),
        rest: () => rest,
      });
      // Every machine runs the scheduler; with PostgreSQL the lease holder posts, with SQLite this process.
      const leadership = openDigestLeadership({
        databaseUrl: config.DATABASE_URL,
        leaseSeconds: config.LEADER_LEASE_SECONDS,
        holder: digests.owner,
        logger: logger.child({ module: 'digest' }),
      });
      try {
        return await runBot({
          token: config.DISCORD_TOKEN,
          apiBase: config.DISCORD_API_BASE,
          shards: discordShards(config),
          corpus: () => corpus,
          logger,
          version: await packageVersion(),
          digests: digests.service,
          alerts: digests.alerts,
          store,
          votes: store.votes,
          onReady: (bot) => digests.start(leadership.forClient(bot.client)),
          beforeDisconnect: async () => {
            // Retries stop first: a digest run waiting out a store outage then fails fast (its claim's lease
            // runs out and the post happens once, later) instead of holding the exit for the write budget.
            retry?.stop();
            await digests.stop();
            await leadership.close();
          },
        });
      } finally {
        await digests.stop();
        await leadership.close();
      }
    }
    const terminal = { ...terminalSettings(), plain: process.argv.includes('--plain') };
    // A terminal's conversation is kept under `terminal:default` (or --session NAME) and continues after a
    // restart; piped questions are one conversation of their own unless a session is named.
    const named = process.argv.indexOf('--session');
    const session = named >= 0 ? process.argv[named + 1] : process.stdin.isTTY ? 'default' : undefined;
    const conversation = new ChatConversation(
      store && session ? { store: store.conversations, session, clock: () => new Date() } : undefined,
    );
    await runChat(opened.index, {
      conversation,
      input: process.stdin,
      output: process.stdout,
      errors: process.stderr,
      terminal,
      attachNotices: (show) => void (showNotice = show),
    });
    showNotice = toStderr;
    return 0;
  } finally {
    // A reload in progress finishes and a due snapshot refresh is written before the store closes; writes
    // still waiting out a store outage give up rather than hold the exit.
    retry?.stop();
    await served.close();
    await store?.close();
  }
}

/** Store notices for the terminal chat, which has no logger: one line on stderr each. */
const stderrLogger = {
  warn: (fields: object, message: string) =>
    void process.stderr.write(`paperboy: ${message} ${JSON.stringify(fields)}\n`),
  info: (fields: object, message: string) =>
    void process.stderr.write(`paperboy: ${message} ${JSON.stringify(fields)}\n`),
};

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
  } else if (error instanceof StoreError) {
    // The store could not be opened (PostgreSQL never answered, or refused): said in one line, exit 1.
    process.stderr.write(`paperboy: ${error.message}\n`);
    process.exitCode = 1;
  } else throw error;
}
