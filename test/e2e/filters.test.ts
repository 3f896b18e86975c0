// Filters end to end: `/ask` and `/paper` with their `author`, `since`, `until`, `venue` options and the
// autocomplete of authors and venues, the grammar typed in the question, buttons that keep the filters,
// and `/digest subscribe` with filters in its topic. The real bot and discord.js client against the fake
// Discord, which validates every body against Discord's OpenAPI description and limits.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIMessage } from 'discord-api-types/v10';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CorpusView } from '../../src/discord/command.js';
import { COMMANDS } from '../../src/discord/commands/index.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { expectWithinLimits } from '../discord/message-checks.js';
import {
  buttonId,
  captureLog,
  fixtureCorpus,
  startBotOnFake,
  type BotOnFake,
  botSuiteHooks,
  digestsOnFake,
} from './bot-harness.js';
import { failOnProcessErrors, startFakeDiscord, type FakeDiscord } from './fake-discord/index.js';

const guard = failOnProcessErrors();
let fake: FakeDiscord;
let corpus: CorpusView;
let running: BotOnFake;
let dir: string;
let store: Store;

beforeAll(async () => {
  fake = await startFakeDiscord();
  corpus = await fixtureCorpus();
  dir = mkdtempSync(join(tmpdir(), 'paperboy-filters-'));
  store = openSqliteStore(join(dir, 'paperboy.sqlite'));
  const log = captureLog();
  const digests = digestsOnFake(fake, store, corpus, log.logger);
  running = await startBotOnFake(fake, corpus, { log, commands: COMMANDS, digests });
  guard.watch(running.bot.client);
});

botSuiteHooks(
  () => ({ fake, bot: running?.bot }),
  async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  },
);

/** Titles of the papers an answer shows, without the rank. */
const titles = (reply: APIMessage) => reply.embeds.map((e) => e.title?.replace(/^\d+ · /, '').split(':')[0]);
const footer = (reply: APIMessage) => reply.embeds.at(-1)?.footer?.text ?? '';

describe('/ask and /paper filter options', () => {
  it('are registered on both commands, author and venue with autocomplete', () => {
    for (const name of ['ask', 'paper']) {
      const registered = fake.commands.find(name, 1, fake.guild.id)!;
      const options = Object.fromEntries((registered.options ?? []).map((o) => [o.name, o]));
      expect(options.author).toMatchObject({ type: 3, autocomplete: true });
      expect(options.venue).toMatchObject({ type: 3, autocomplete: true });
      expect(options.since).toMatchObject({ type: 4, min_value: 1900 });
      expect(options.until).toMatchObject({ type: 4, max_value: 2100 });
    }
  });

  it('autocompletes authors and venues from the corpus, most papers first', async () => {
    const authors = await fake.dispatch.autocomplete('ask', { question: 'masks', author: 'wang' }, 'author').choices();
    expect(authors.map((c) => c.value)).toEqual(expect.arrayContaining(['Haochen Wang', 'Haiyang Wang']));
    expect(authors.every((c) => /\(\d+ papers?\)$/.test(c.name))).toBe(true);
    const initials = await fake.dispatch.autocomplete('paper', { query: 'x', author: 'h wa' }, 'author').choices();
    expect(initials.map((c) => c.value)).toEqual(expect.arrayContaining(['Haochen Wang', 'Haiyang Wang']));
    const venues = await fake.dispatch.autocomplete('ask', { question: 'masks', venue: 'neur' }, 'venue').choices();
    expect(venues[0]).toEqual({ name: 'NeurIPS 2023 (2 papers)', value: 'NeurIPS 2023' });
    expect(venues.map((c) => c.value)).toEqual(['NeurIPS 2023', 'NeurIPS 2021', 'NeurIPS 2022']);
  });

  it('narrows /ask to the papers that pass, says so in the footer, and keeps the filters on the next page', async () => {
    const unfiltered = await fake.dispatch.chatInput('ask', { question: 'pre-training' }).reply();
    expect(titles(unfiltered)).toContain('On the Asymptotics of Self-Supervised Pre-training');
    const reply = await fake.dispatch
      .chatInput('ask', { question: 'pre-training', venue: 'neurips', since: 2022, until: 2023 })
      .reply();
    expect(titles(reply).sort()).toEqual([
      'DropPos',
      'On the Effect of Pre-training for Transformer in Different Modality on Offline Reinforcement Learning',
      'PRED',
    ]);
    expect(footer(reply)).toMatch(/^Asked: pre-training venue:neurips since:2022 until:2023\n/);
    expect(footer(reply)).toContain('Papers 1–3 of 3 · filtered: at neurips · 2022–2023');
    expectWithinLimits(reply);

    // Four papers since 2022: the second page holds the fourth, and still says the filter.
    const first = await fake.dispatch.chatInput('ask', { question: 'pre-training', since: 2022 }).reply();
    expect(footer(first)).toContain('Papers 1–3 of 4 · filtered: since 2022');
    const next = await fake.dispatch.clickButton(first, buttonId(first, 'ask1:p:3:')).reply();
    expect(footer(next)).toContain('Papers 4–4 of 4 · filtered: since 2022');
    const shown = [...titles(first), ...titles(next)];
    expect(shown).not.toContain(
      'Do Transformers Really Perform Badly for Graph Representation? (supplemental material)',
    );
    const cite = await fake.dispatch.clickButton(next, buttonId(next, 'ask1:c:')).reply();
    expect(cite.embeds[0]?.description).not.toMatch(/ying2021/i);
  });

  it('reads the grammar typed in the question, the same as the options', async () => {
    const typed = await fake.dispatch.chatInput('ask', { question: 'pre-training author:"h. wang" -lidar' }).reply();
    expect(titles(typed)).toEqual(['DropPos']);
    expect(footer(typed)).toContain('filtered: by h. wang · without “lidar”');
    const options = await fake.dispatch
      .chatInput('ask', { question: 'pre-training -lidar', author: 'h. wang' })
      .reply();
    expect(titles(options)).toEqual(['DropPos']);
    // A quoted option value is read back from the footer as it was asked: the buttons still work.
    const cite = await fake.dispatch.clickButton(options, buttonId(options, 'ask1:c:')).reply();
    expect(cite.embeds[0]?.description).toMatch(/^```bibtex\n@/);
    expect(cite.embeds[0]?.description).toContain('DropPos');
  });

  it('says which filter left no paper, with a name from the corpus to try; a malformed one is named', async () => {
    const empty = await fake.dispatch.chatInput('ask', { question: 'pre-training', author: 'takagj' }).reply();
    expect(empty.embeds[0]?.description).toContain("No paper by 'takagj' — did you mean Shiro Takagi?");
    const bad = await fake.dispatch.chatInput('ask', { question: 'pre-training year:20x4' }).reply();
    expect(bad.embeds[0]?.description).toContain('year:20x4: expected a year such as 2021');
    expectWithinLimits(bad);
  });

  it('narrows /paper and its title autocomplete to the papers that pass', async () => {
    const card = await fake.dispatch.chatInput('paper', { query: 'pre-training', until: 2022 }).reply();
    expect(card.embeds[0]?.title).not.toMatch(/DropPos|PRED|Asymptotics/);
    const choices = await fake.dispatch.autocomplete('paper', { query: 'pre', venue: 'colt' }, 'query').choices();
    expect(choices.map((c) => c.name)).toEqual([expect.stringMatching(/^On the Asymptotics/)]);
    const none = await fake.dispatch.chatInput('paper', { query: 'droppos', venue: 'colt' }).reply();
    expect(none.embeds[0]?.title).toBe('Paper not found');
  });
});

describe('/digest subscribe with filters in the topic', () => {
  it('previews only papers that pass, and refuses a malformed filter', async () => {
    const preview = await fake.dispatch
      .chatInput('digest subscribe', {
        channel: 'digest',
        time: '9:00',
        timezone: 'UTC',
        topic: 'pre-training venue:neurips -lidar since:2023',
      })
      .reply();
    const shown = preview.embeds.map((e) => e.title ?? '').join('\n');
    expect(shown).toContain('DropPos');
    expect(shown).not.toMatch(/PRED|Asymptotics|Offline Reinforcement/);
    const bad = await fake.dispatch
      .chatInput('digest subscribe', {
        channel: 'digest',
        time: '9:00',
        timezone: 'UTC',
        topic: 'diffusion since:tomorrow',
      })
      .reply();
    expect(bad.content).toContain('Nothing was saved');
    expect(bad.content).toContain('since:tomorrow: expected a year such as 2023');
  });
});
