import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/command.js';
import { runCli } from '../../src/cli/run-cli.js';
import { indexRanker, type DigestPlan } from '../../src/core/digest/digest.js';
import { SearchIndex } from '../../src/core/search/search-index.js';
import { loadCorpus } from '../../src/corpus/read/load-corpus.js';
import { DigestJob } from '../../src/discord/digest/digest-job.js';
import { renderDigestMessage } from '../../src/discord/format/format-digest.js';
import { STORE_FILE } from '../../src/store/open-store.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import { FakeChannels, FakeClock, MemoryLogger } from '../discord/digest/digest-harness.js';

const SEED = new URL('../fixtures/corpus/seed/', import.meta.url).pathname;

function fakeIo(cwd: string): CliIo & { out(): string; err(): string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const collect = (stream: PassThrough) => {
    const parts: Buffer[] = [];
    stream.on('data', (b: Buffer) => parts.push(b));
    return () => Buffer.concat(parts).toString('utf8');
  };
  return { stdout, stderr, stdin: new PassThrough(), cwd, out: collect(stdout), err: collect(stderr) };
}

let data: string;
beforeEach(() => {
  data = mkdtempSync(join(tmpdir(), 'paperboy-preview-'));
});
afterEach(() => rmSync(data, { recursive: true, force: true }));

describe('paperboy digest preview', () => {
  it('with no store yet, shows matching papers as new, best first, with summaries and links', async () => {
    const io = fakeIo(data);
    const args = ['digest', 'preview', '--corpus', SEED, '--data', data, '--topic', 'transformer -graph'];
    expect(await runCli([...args, '--at', '2025-03-01T09:00:00Z'], io)).toBe(0);
    const out = io.out();
    expect(out).toMatch(/^Digest preview · topic “transformer -graph”\n\nNew in the corpus\n/);
    expect(out).toContain('1. On the Effect of Pre-training for Transformer in Different Modality');
    expect(out).toContain('We empirically investigate how pre-training on data of different modalities');
    expect(out).not.toContain('Graph Representation');
    // The seed's venues hold their year ("NeurIPS 2023"): the byline must not repeat it.
    expect(out).toMatch(/ · NeurIPS 20\d\d\n/);
    expect(out).not.toMatch(/NeurIPS (20\d\d) \1/);
    expect(io.err()).toBe('');
  });

  it('--since after every arrival shows the archive and says nothing new arrived', async () => {
    const store = openSqliteStore(join(data, STORE_FILE));
    const corpus = await loadCorpus(SEED);
    await store.papers.recordPapers(
      corpus.papers.map((p) => p.id),
      new Date('2025-02-01T10:00:00Z'),
    );
    await store.close();
    const io = fakeIo(data);
    const code = await runCli(
      [
        'digest',
        'preview',
        '--corpus',
        SEED,
        '--data',
        data,
        '--since',
        '2025-02-20',
        '--at',
        '2025-03-01T09:00:00Z',
        '--max',
        '2',
      ],
      io,
    );
    expect(code).toBe(0);
    expect(io.out()).toContain('From the archive');
    expect(io.out()).toContain(
      'Nothing new has arrived in the corpus since 20 Feb 2025, 00:00 (UTC); the corpus last changed 1 Feb 2025, 10:00 (UTC).',
    );
    expect(io.out().match(/^\d+\. /gm)).toHaveLength(2);
    // Planned as `/digest subscribe` previews it: for no subscription (no made-up one numbered 0).
    const json = fakeIo(data);
    const flags = ['--corpus', SEED, '--data', data, '--since', '2025-02-20', '--at', '2025-03-01T09:00:00Z'];
    expect(await runCli(['digest', 'preview', ...flags, '--json'], json)).toBe(0);
    expect(JSON.parse(json.out())).toMatchObject({ subscriptionId: null, section: 'archive', lastDigestAt: null });
  });

  it('previews a subscription exactly as the bot then posts it', async () => {
    const corpus = await loadCorpus(SEED);
    const store = openSqliteStore(join(data, STORE_FILE));
    await store.papers.recordPapers(
      corpus.papers.map((p) => p.id),
      new Date('2025-02-01T10:00:00Z'),
    );
    const sub = await store.subscriptions.add(
      {
        guildId: '100000000000000001',
        channelId: '200000000000000001',
        time: '09:00',
        timezone: 'Europe/Berlin',
        topic: 'pre-training',
        max: 3,
        createdBy: '3',
      },
      new Date('2025-02-15T00:00:00Z'),
    );
    const at = '2025-03-01T08:00:00.000Z';
    const io = fakeIo(data);
    expect(
      await runCli(
        ['digest', 'preview', '--corpus', SEED, '--data', data, '--subscription', String(sub.id), '--at', at, '--json'],
        io,
      ),
    ).toBe(0);
    const preview = JSON.parse(io.out()) as DigestPlan;
    expect(preview.items).toHaveLength(3);

    const clock = new FakeClock(at);
    const channels = new FakeChannels(clock);
    const index = SearchIndex.build(corpus.papers);
    const job = new DigestJob({
      store,
      postMessage: channels.post,
      corpus: () => ({ papers: corpus.papers, rank: indexRanker(index) }),
      clock: clock.now,
      logger: new MemoryLogger(),
      owner: 'test',
    });
    await job.runDue();
    const { nonce: _nonce, enforce_nonce: _enforce, ...posted } = channels.messages[0]!.body;
    expect(posted).toEqual(renderDigestMessage(preview, { localDate: '2025-03-01' }));
    expect((await store.ledger.scheduledFor(sub.id, '2025-03-01'))?.paperIds).toEqual(preview.items.map((i) => i.id));
    await store.close();
  });

  it('refuses an unknown subscription and a bad --max', async () => {
    const io = fakeIo(data);
    expect(await runCli(['digest', 'preview', '--corpus', SEED, '--data', data, '--subscription', '9'], io)).toBe(2);
    expect(io.err()).toContain('--subscription: no subscription #9');
    const io2 = fakeIo(data);
    expect(await runCli(['digest', 'preview', '--corpus', SEED, '--data', data, '--max', '11'], io2)).toBe(2);
    expect(io2.err()).toContain("--max: a whole number from 1 to 10, got '11'");
  });

  it('refuses a --since after now (the clock given by --at)', async () => {
    const io = fakeIo(data);
    const args = ['digest', 'preview', '--corpus', SEED, '--data', data, '--at', '2025-03-01T09:00:00Z'];
    expect(await runCli([...args, '--since', '2030-01-01'], io)).toBe(2);
    expect(io.err()).toContain(
      "paperboy digest preview: --since: '2030-01-01' is in the future (now is 2025-03-01T09:00:00.000Z)",
    );
    expect(await runCli([...args, '--since', '2025-02-28'], fakeIo(data))).toBe(0);
  });

  it('--alerts USER_ID shows what each of the user’s alerts would send next, and says when nothing would', async () => {
    const store = openSqliteStore(join(data, STORE_FILE));
    const corpus = await loadCorpus(SEED);
    await store.papers.recordPapers(
      corpus.papers.map((p) => p.id),
      new Date('2025-02-01T10:00:00Z'),
    );
    const add = (topic: string) =>
      store.subscriptions.add(
        {
          kind: 'alert',
          guildId: 'g1',
          channelId: 'dm1',
          time: '08:00',
          timezone: 'Europe/Berlin',
          topic,
          max: 10,
          createdBy: '42',
        },
        new Date('2025-01-01T00:00:00Z'),
      );
    const transformer = await add('transformer');
    const nothing = await add('zzzunheardof');
    await store.close();
    const io = fakeIo(data);
    const args = ['digest', 'preview', '--corpus', SEED, '--data', data, '--at', '2025-03-01T09:00:00Z'];
    expect(await runCli([...args, '--alerts', '42'], io)).toBe(0);
    const out = io.out();
    expect(out).toContain(`Alert #${transformer.id} · 08:00 Europe/Berlin · active`);
    expect(out).toContain('1. On the Effect of Pre-training for Transformer in Different Modality');
    expect(out).toContain(`Alert #${nothing.id} · 08:00 Europe/Berlin · active\nNothing new on “zzzunheardof”`);
    const none = fakeIo(data);
    expect(await runCli([...args, '--alerts', '7'], none)).toBe(0);
    expect(none.out()).toBe('User 7 has no alerts.\n');
  });
});
