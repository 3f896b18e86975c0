// Runs the real bot (src/discord/bot.ts, real discord.js client) against the fake Discord, over a
// small fixture corpus, with its log captured for assertions.
import { Writable } from 'node:stream';
import { REST } from 'discord.js';
import { afterAll, afterEach, beforeEach } from 'vitest';
import type { APIMessage } from 'discord-api-types/v10';
import { indexRanker } from '../../src/core/digest/digest.js';
import { DigestService } from '../../src/core/digest/digest-service.js';
import { SearchIndex } from '../../src/core/search/search-index.js';
import { loadCorpus } from '../../src/corpus/read/load-corpus.js';
import { startBot, type BotOptions, type RunningBot } from '../../src/discord/bot.js';
import type { Command, CorpusView } from '../../src/discord/command.js';
import { COMMANDS } from '../../src/discord/commands/index.js';
import { corpusView } from '../../src/discord/corpus-view.js';
import { deployCommands } from '../../src/discord/deploy.js';
import { DigestJob } from '../../src/discord/digest/digest-job.js';
import { restPostMessage } from '../../src/discord/post-message.js';
import { createLogger, type Logger } from '../../src/logger.js';
import type { Store } from '../../src/store/store.js';
import { buttonIds } from './fake-discord/dispatch.js';
import type { FakeDiscord } from './fake-discord/index.js';

export const FIXTURE_CORPUS = new URL('../fixtures/discord/corpus', import.meta.url).pathname;

export async function fixtureCorpus(): Promise<CorpusView> {
  const corpus = await loadCorpus(FIXTURE_CORPUS);
  if (corpus.problems.length > 0) throw new Error(`fixture corpus has problems: ${JSON.stringify(corpus.problems)}`);
  return corpusView(SearchIndex.build(corpus.papers), { loadedAt: '2026-01-01T00:00:00.000Z', problems: [] });
}

/** A logger whose JSON lines the test can read. */
export function captureLog(): { logger: Logger; lines: Record<string, unknown>[]; text: () => string } {
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      raw.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger({ level: 'info', destination: stream, pretty: false });
  return {
    logger,
    get lines() {
      return raw
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    },
    text: () => raw.join(''),
  };
}

export interface BotOnFake {
  bot: RunningBot;
  log: ReturnType<typeof captureLog>;
}

/** Registers `commands` in the fake's guild through the deploy step, then starts the bot with them. */
/**
 * The digest service a suite gives the bot: the real digest job posting to the fake over REST, on the
 * fake's clock, ranking `corpus`; `changed` hears of each change to the subscriptions.
 */
export function digestsOnFake(
  fake: FakeDiscord,
  store: Store,
  corpus: CorpusView,
  logger: Logger,
  changed?: () => void,
): DigestService {
  const clock = () => new Date(fake.clock.now());
  const job = new DigestJob({
    store,
    postMessage: restPostMessage(new REST({ api: fake.apiBase }).setToken(fake.token)),
    corpus: () => ({ papers: corpus.index.papers, rank: indexRanker(corpus.index) }),
    clock,
    logger,
    owner: 'e2e',
  });
  return new DigestService({ store, poster: job, clock, ...(changed ? { changed } : {}) });
}

export async function startBotOnFake(
  fake: FakeDiscord,
  corpus: CorpusView,
  options: Partial<
    Pick<BotOptions, 'router' | 'commands' | 'shards' | 'token' | 'store' | 'votes' | 'digests' | 'alerts'>
  > & {
    log?: ReturnType<typeof captureLog>;
  } = {},
): Promise<BotOnFake> {
  const commands: readonly Command[] = options.commands ?? COMMANDS;
  const rest = new REST({ api: fake.apiBase }).setToken(fake.token);
  await deployCommands(
    rest,
    commands.map((c) => c.data),
    { guildId: fake.guild.id },
  );
  const log = options.log ?? captureLog();
  const bot = await startBot({
    token: options.token ?? fake.token,
    apiBase: fake.apiBase,
    shards: options.shards ?? 'auto',
    corpus: () => corpus,
    logger: log.logger,
    version: '0.0.0-test',
    clock: fake.clock,
    commands,
    ...(options.router ? { router: options.router } : {}),
    ...(options.store ? { store: options.store } : {}),
    ...(options.votes ? { votes: options.votes } : {}),
    ...(options.digests ? { digests: options.digests } : {}),
    ...(options.alerts ? { alerts: options.alerts } : {}),
  });
  return { bot, log };
}

/**
 * The hooks every suite of the bot on the fake Discord shares: each test starts with full rate-limit
 * buckets (the bot's clock is the fake's) and ends with no fault left and the fake's rules checked; the
 * suite ends with the bot stopped, then the fake, then `cleanUp` (its store, its folder). `suite` reads
 * the suite's fake and bot, which its own beforeAll starts.
 */
export function botSuiteHooks(
  suite: () => { fake: FakeDiscord | undefined; bot: RunningBot | undefined },
  cleanUp?: () => unknown,
): void {
  beforeEach(() => suite().fake!.clock.advance(60_000));
  afterEach(() => {
    const { fake } = suite();
    fake!.faults.clear();
    fake!.assertNoViolations();
  });
  afterAll(async () => {
    const { fake, bot } = suite();
    await bot?.stop(1000);
    await fake?.stop();
    await cleanUp?.();
  });
}

/** The custom id of the button on `message` whose id starts with `prefix` (e.g. `ask1:p:3:`). */
export function buttonId(message: APIMessage, prefix: string): string {
  const id = buttonIds(message).find((b) => b.startsWith(prefix));
  if (!id) throw new Error(`no button ${prefix}… on message ${message.id} (buttons: ${buttonIds(message).join(', ')})`);
  return id;
}

/** The label of a button, and whether it is disabled. */
export function buttonState(message: APIMessage, prefix: string): { label: string; disabled: boolean } {
  for (const row of message.components ?? []) {
    for (const c of (row as { components?: { custom_id?: string; label?: string; disabled?: boolean }[] }).components ??
      []) {
      if (c.custom_id?.startsWith(prefix)) return { label: c.label ?? '', disabled: c.disabled ?? false };
    }
  }
  throw new Error(`no button ${prefix}… on message ${message.id}`);
}
