import { describe, expect, it } from 'vitest';
import { StoreRetry, type RetryPolicy } from '../../src/store/store-retry.js';

class Down extends Error {
  override name = 'Down';
}

/** A clock that only `sleep` moves, and a log of every line. */
function harness(policy: Partial<RetryPolicy> = {}) {
  let now = 0;
  const sleeps: number[] = [];
  const lines: Array<{ level: 'warn' | 'info'; fields: object; message: string }> = [];
  const retry = new StoreRetry({
    location: 'db:5432/paperboy',
    isTransient: (error) => error instanceof Down,
    logger: {
      warn: (fields, message) => lines.push({ level: 'warn', fields, message }),
      info: (fields, message) => lines.push({ level: 'info', fields, message }),
    },
    clock: () => now,
    sleep: (ms) => {
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    },
    policy: { firstDelayMs: 100, maxDelayMs: 1_000, writeBudgetMs: 10_000, readBudgetMs: 1_000, ...policy },
  });
  /** A call that fails while the store is down (until `upAt` on the clock), then resolves `value`. */
  const untilUp =
    <T>(upAt: number, value: T) =>
    () =>
      now < upAt ? Promise.reject(new Down('connect ECONNREFUSED')) : Promise.resolve(value);
  /** A call that fails `times` times, then resolves `value`. */
  const failing = <T>(times: number, value: T) => {
    let calls = 0;
    return () => (++calls <= times ? Promise.reject(new Down('connect ECONNREFUSED')) : Promise.resolve(value));
  };
  return { retry, sleeps, lines, failing, untilUp, now: () => now };
}

describe('StoreRetry', () => {
  it('retries a write with doubling back-off, capped, until the store is back', async () => {
    const { retry, sleeps, failing } = harness();
    expect(await retry.run('write', 'ledger.markSent', failing(6, 'done'))).toBe('done');
    expect(sleeps).toEqual([100, 200, 400, 800, 1_000, 1_000]);
    expect(retry.down).toBe(false);
  });

  it('logs an outage once when it starts and once when it ends, however many calls fail meanwhile', async () => {
    const { retry, lines, untilUp } = harness();
    expect(
      await Promise.all([
        retry.run('write', 'papers.recordPapers', untilUp(2_000, 1)),
        retry.run('write', 'reloads.record', untilUp(2_000, 2)),
        retry.run('write', 'ledger.markSent', untilUp(2_000, 3)),
      ]),
    ).toEqual([1, 2, 3]);
    expect(lines.map((l) => [l.level, l.message])).toEqual([
      ['warn', 'store: unreachable; retrying with back-off until it is back (logged again when it is)'],
      ['info', 'store: reachable again'],
    ]);
    expect(lines[0]!.fields).toEqual({
      store: 'db:5432/paperboy',
      call: 'papers.recordPapers',
      err: 'connect ECONNREFUSED',
    });
    expect(lines[1]!.fields).toMatchObject({ store: 'db:5432/paperboy' });
    expect((lines[1]!.fields as { failedCalls: number }).failedCalls).toBeGreaterThan(3);
  });

  it('logs a second outage as a second one', async () => {
    const { retry, lines, failing } = harness();
    await retry.run('write', 'a', failing(2, 1));
    await retry.run('write', 'b', failing(0, 1));
    await retry.run('write', 'c', failing(1, 1));
    expect(lines.map((l) => l.level)).toEqual(['warn', 'info', 'warn', 'info']);
  });

  it('gives a read up within its shorter budget, rethrowing the last error and staying down', async () => {
    const { retry, sleeps, lines, failing } = harness();
    await expect(retry.run('read', 'subscriptions.listActive', failing(100, []))).rejects.toThrow(Down);
    expect(sleeps).toEqual([100, 200, 400]);
    expect(retry.down).toBe(true);
    expect(lines).toHaveLength(1);
  });

  it('gives a write up after its budget', async () => {
    const { retry, now, failing } = harness();
    await expect(retry.run('write', 'ledger.savePlan', failing(1_000, 0))).rejects.toThrow(Down);
    expect(now()).toBeLessThanOrEqual(10_000);
    expect(now()).toBeGreaterThan(8_000);
  });

  it('stops waiting at shutdown: a call still retrying fails at once with its last error', async () => {
    let now = 0;
    const retry = new StoreRetry({
      location: 'db:5432/paperboy',
      isTransient: (error) => error instanceof Down,
      logger: { warn: () => undefined, info: () => undefined },
      clock: () => now,
      sleep: () => new Promise(() => undefined), // a wait that would never end by itself
    });
    let calls = 0;
    const pending = retry.run('write', 'reloads.record', () => {
      calls++;
      now += 1;
      return Promise.reject(new Down('connect ECONNREFUSED'));
    });
    await Promise.resolve();
    retry.stop();
    await expect(pending).rejects.toThrow(/ECONNREFUSED/);
    expect(calls).toBe(1);
    await expect(retry.run('write', 'again', () => Promise.reject(new Down('down')))).rejects.toThrow(/down/);
  });

  it('never retries a statement that is wrong, and logs nothing for it', async () => {
    const { retry, sleeps, lines } = harness();
    const bug = () => Promise.reject(new Error('CHECK constraint failed: max_papers'));
    await expect(retry.run('write', 'subscriptions.add', bug)).rejects.toThrow(/CHECK/);
    expect(sleeps).toEqual([]);
    expect(lines).toEqual([]);
  });
});
