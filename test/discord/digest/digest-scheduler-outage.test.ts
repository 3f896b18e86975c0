import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DigestJob } from '../../../src/discord/digest/digest-job.js';
import { startDigestScheduler } from '../../../src/discord/digest/digest-scheduler.js';
import { openSqliteStore } from '../../../src/store/sqlite/open-sqlite-store.js';
import type { Store } from '../../../src/store/store.js';
import { FakeChannels, FakeClock, FakeTimers, MemoryLogger, makePaper, messageText } from './digest-harness.js';

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'paperboy-outage-'));
  store = openSqliteStore(join(dir, 'paperboy.sqlite'));
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The same store, except that while `down.value` every read of the subscriptions fails as an outage would. */
function unreliable(inner: Store, down: { value: boolean }): Store {
  const subscriptions = new Proxy(inner.subscriptions, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) =>
        down.value
          ? Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432'))
          : (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
    },
  });
  return { ...inner, subscriptions };
}

describe('the digest scheduler through a store outage', () => {
  it('logs the failing runs once, and the first run that works posts the missed digest once, late', async () => {
    const clock = new FakeClock('2025-03-29T07:30:00.000Z');
    const channels = new FakeChannels(clock);
    const logger = new MemoryLogger();
    const papers = [makePaper('g1', 'Graph neural networks')];
    await store.papers.recordPapers(['g1'], clock.now());
    await store.subscriptions.add(
      {
        guildId: '100000000000000001',
        channelId: '200000000000000001',
        time: '09:00',
        timezone: 'Europe/Berlin',
        topic: '',
        max: 2,
        createdBy: '3',
      },
      clock.now(),
    );
    const down = { value: true };
    const job = new DigestJob({
      store: unreliable(store, down),
      postMessage: channels.post,
      corpus: () => ({ papers }),
      clock: clock.now,
      logger,
      owner: 'a',
      sleep: async () => {},
    });
    const timers = new FakeTimers(clock);
    const scheduler = startDigestScheduler(job, { clock: clock.now, logger, timers, maxSleepMs: 60_000 });
    await timers.runUntil('2025-03-29T08:30:00.000Z'); // 09:00 in Berlin passes during the outage
    expect(channels.messages).toHaveLength(0);
    expect(logger.lines.filter((l) => l.level === 'error')).toHaveLength(1);

    down.value = false;
    await timers.runUntil('2025-03-29T08:35:00.000Z');
    await scheduler.stop();
    expect(channels.messages).toHaveLength(1);
    expect(channels.messages[0]!.at).toBe('2025-03-29T08:31:00.000Z');
    expect(messageText(channels.messages[0]!.body)).toMatch(/Posted late: this digest was due at 09:00/);
    expect(logger.lines.map((l) => l.message)).toContain('digest: runs work again');
    expect(logger.lines.filter((l) => l.level === 'error')).toHaveLength(1);
  });
});
