// A living corpus end to end: the real bot (real discord.js client) against the fake Discord, wired as
// src/main.ts wires it: the index opened by openLiveIndex over a temporary CORPUS_DIR (a copy of
// corpus/pre-training.txt) and DATA_DIR, watched; the store with first-seen times; the digest job reading
// the live index. A real PDF dropped into the folder is answered within seconds, is new in the next
// digest, and after a restart on the same DATA_DIR is no longer new.
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REST } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { indexRanker } from '../../src/core/digest/digest.js';
import { DigestService } from '../../src/core/digest/digest-service.js';
import { openLiveIndex, type LiveIndex } from '../../src/corpus/live/open-live-index.js';
import { startBot, type RunningBot } from '../../src/discord/bot.js';
import { COMMANDS } from '../../src/discord/commands/index.js';
import { corpusView } from '../../src/discord/corpus-view.js';
import { deployCommands } from '../../src/discord/deploy.js';
import { DigestJob } from '../../src/discord/digest/digest-job.js';
import { restPostMessage } from '../../src/discord/post-message.js';
import { STORE_FILE, type Store } from '../../src/store/open-store.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import { column, makePdf } from '../corpus/make-pdf.js';
import { captureLog } from './bot-harness.js';
import { failOnProcessErrors, startFakeDiscord, type FakeDiscord } from './fake-discord/index.js';

const guard = failOnProcessErrors();
const SEED = new URL('../../corpus/', import.meta.url).pathname;
const START = Date.parse('2025-06-02T06:00:00.000Z'); // 08:00 in Berlin
const SLOT = Date.parse('2025-06-02T07:00:00.000Z'); // 09:00 in Berlin
const DAY = 24 * 60 * 60_000;
const PDF_TITLE = 'Quantum Annealing Folds Small Proteins';
const QUESTION = 'how does quantum annealing fold proteins on qubits';

/** Short waits, so the suite stays fast; the logic is the same as in production. */
const WATCH = { stableMs: 100, debounceMs: 50, pollMs: 20 };

let fake: FakeDiscord;
let corpusDir: string;
let dataDir: string;
const log = captureLog();

interface Running {
  served: LiveIndex;
  store: Store;
  bot: RunningBot;
  job: DigestJob;
}
let running: Running | undefined;

/** Starts Paperboy as src/main.ts does: live index, store with first-seen times, digest job, bot. */
async function startPaperboy(): Promise<Running> {
  const clock = () => new Date(fake.clock.now());
  const store = openSqliteStore(join(dataDir, STORE_FILE));
  const served = await openLiveIndex({
    corpus: corpusDir,
    dataDir,
    watch: true,
    store,
    clock,
    watchOptions: WATCH,
    liveOptions: { snapshotDelayMs: 20 },
    onError: (error) => log.logger.error({ err: error }, 'live corpus'),
  });
  const { opened, live } = served;
  await store.papers.recordPapers(opened.index.paperIds, clock());
  const index = opened.index;
  const view = corpusView(index, { live: live! });
  const rest = new REST({ api: fake.apiBase }).setToken(fake.token);
  const job = new DigestJob({
    store,
    postMessage: restPostMessage(rest),
    corpus: () => ({ papers: index.papers, rank: indexRanker(index), changedAt: live?.changedAt }),
    clock,
    logger: log.logger,
    owner: `e2e-${Math.random()}`,
  });
  const bot = await startBot({
    token: fake.token,
    apiBase: fake.apiBase,
    shards: 'auto',
    corpus: () => view,
    logger: log.logger,
    version: '0.0.0-test',
    clock: fake.clock,
    digests: new DigestService({ store, poster: job, clock }),
  });
  guard.watch(bot.client);
  return { served, store, bot, job };
}

async function stopPaperboy(): Promise<void> {
  if (!running) return;
  const { bot, served, store } = running;
  running = undefined;
  await bot.stop(1000);
  await served.close();
  await store.close();
}

/** Polls `probe` until it holds, for at most `ms` of real time. */
async function within<T>(ms: number, probe: () => T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`live e2e: ${what} did not happen within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function firstAnswerTitle(question: string): Promise<string | undefined> {
  fake.clock.advance(1000); // fresh rate-limit buckets; the interaction is answered at once either way
  const reply = await fake.dispatch.chatInput('ask', { question }).reply();
  return reply.embeds[0]?.title;
}

beforeAll(async () => {
  fake = await startFakeDiscord();
  fake.clock.set(START);
  corpusDir = await mkdtemp(join(tmpdir(), 'paperboy-live-corpus-'));
  dataDir = await mkdtemp(join(tmpdir(), 'paperboy-live-data-'));
  for (const name of ['pre-training.txt', 'pre-training.meta.json'])
    await copyFile(join(SEED, name), join(corpusDir, name));
  const rest = new REST({ api: fake.apiBase }).setToken(fake.token);
  await deployCommands(
    rest,
    COMMANDS.map((c) => c.data),
    { guildId: fake.guild.id },
  );
  running = await startPaperboy();
  await running.store.subscriptions.add(
    {
      guildId: fake.guild.id,
      channelId: fake.channel('digest').id,
      time: '09:00',
      timezone: 'Europe/Berlin',
      topic: '',
      max: 3,
      createdBy: fake.user('alice').id,
    },
    new Date(START + 60_000),
  );
});

afterEach(() => {
  fake.assertNoViolations();
  expect(log.lines.filter((line) => Number(line.level) >= 50)).toEqual([]);
});

afterAll(async () => {
  await stopPaperboy();
  await fake.stop();
  await rm(corpusDir, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
});

describe('a PDF dropped into the corpus while the bot runs', () => {
  it('is answered by /ask within seconds, with no restart', async () => {
    expect(await firstAnswerTitle(QUESTION)).not.toContain(PDF_TITLE);
    fake.clock.set(START + 10 * 60_000);
    const pdf = await makePdf(
      [
        {
          texts: column(
            [
              PDF_TITLE,
              'Quantum annealing on superconducting qubits folds small proteins',
              'into their lowest-energy lattice conformations.',
            ],
            72,
            700,
          ),
        },
        { texts: column(['Decoherence limits the chain length to twelve residues.'], 72, 700) },
      ],
      { title: PDF_TITLE, author: 'Ada Qubit' },
    );
    const dropped = Date.now();
    // Copied in two writes, as a slow copy would arrive.
    const path = join(corpusDir, 'quantum-folding.pdf');
    await writeFile(path, pdf.subarray(0, 400));
    await writeFile(path, pdf);
    const { index } = running!.served.opened;
    await within(
      10_000,
      () => (index.idsOfFile('quantum-folding.pdf').length > 0 ? true : undefined),
      'the PDF indexed',
    );
    expect(await firstAnswerTitle(QUESTION)).toContain(PDF_TITLE);
    expect(Date.now() - dropped).toBeLessThan(10_000);

    const about = await fake.dispatch.chatInput('about').reply();
    const reload = about.embeds[0]?.fields?.find((f) => f.name === 'Last reload')?.value ?? '';
    expect(reload).toContain('1 paper added in 1 file');
    expect(reload).toContain('quantum-folding.pdf: 1 paper added');
  });

  it('is listed as new in the next digest', async () => {
    fake.clock.set(SLOT);
    const outcomes = await running!.job.runDue(new Date(SLOT));
    expect(outcomes).toMatchObject([{ kind: 'posted' }]);
    const [digest] = fake.channelMessages('digest');
    expect(digest!.content).toContain('**New in the corpus**');
    expect(digest!.embeds.map((e) => e.title ?? '')).toEqual([expect.stringContaining(PDF_TITLE)]);
  });

  it('after a restart on the same DATA_DIR it is still there, from the refreshed snapshot, and no longer new', async () => {
    await stopPaperboy();
    fake.clock.set(SLOT + DAY - 60 * 60_000);
    running = await startPaperboy();
    expect(running.served.opened.source).toBe('snapshot');
    expect(await firstAnswerTitle(QUESTION)).toContain(PDF_TITLE);

    fake.clock.set(SLOT + DAY);
    const outcomes = await running.job.runDue(new Date(SLOT + DAY));
    expect(outcomes).toMatchObject([{ kind: 'posted' }]);
    const next = fake.channelMessages('digest')[1]!;
    expect(next.content).toContain('**From the archive**');
    expect(next.content).toContain('Nothing new has arrived in the corpus since');
    expect(next.embeds.map((e) => e.title ?? '').join('\n')).not.toContain(PDF_TITLE);
  });

  it('once removed, is no longer answered', async () => {
    const { index } = running!.served.opened;
    await rm(join(corpusDir, 'quantum-folding.pdf'));
    await within(
      10_000,
      () => (index.idsOfFile('quantum-folding.pdf').length === 0 ? true : undefined),
      'the PDF removed',
    );
    expect(await firstAnswerTitle(QUESTION)).not.toContain(PDF_TITLE);
  });
});
