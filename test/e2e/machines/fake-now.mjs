// @ts-check
/* global process */
// Loaded with `node --import` into a bot process that a test starts: the process's clock starts at
// PAPERBOY_TEST_NOW (epoch ms) and runs on from there in real time, and the test moves it forward with an
// IPC message `{ fakeNow: epochMs }` (answered `{ fakeNowSet: epochMs }`). Every reader of the time — the
// digest scheduler, the leader lease, the ledger — sees the same clock, as on a machine whose clock is set.
// Test-only: nothing under src/ knows of it.

const RealDate = Date;
const start = Number(process.env.PAPERBOY_TEST_NOW);
let offset = Number.isFinite(start) ? start - RealDate.now() : 0;

class FakeNowDate extends RealDate {
  /** @param {any[]} args */
  constructor(...args) {
    if (args.length === 0) super(RealDate.now() + offset);
    // @ts-expect-error: Date's overloads as one spread
    else super(...args);
  }

  static now() {
    return RealDate.now() + offset;
  }

  /** Dates Node makes itself (file times) are real Dates: still Dates to `instanceof Date` (pg relies on it). */
  static [Symbol.hasInstance](/** @type {unknown} */ value) {
    return value instanceof RealDate;
  }
}

globalThis.Date = /** @type {DateConstructor} */ (/** @type {unknown} */ (FakeNowDate));

process.on('message', (message) => {
  const fakeNow = /** @type {{ fakeNow?: unknown }} */ (message)?.fakeNow;
  if (typeof fakeNow !== 'number') return;
  offset = fakeNow - RealDate.now();
  process.send?.({ fakeNowSet: fakeNow });
});
// The IPC channel must not keep the process alive: the bot decides when it ends.
process.channel?.unref();
