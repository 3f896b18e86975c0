// PostgreSQL only: its migrations table, waiting for a server at start-up, and riding out an outage
// (a TCP proxy the test cuts; the machine's own server is never stopped).
import { createServer } from 'node:net';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DigestJob } from '../../../src/discord/digest/digest-job.js';
import { PG_MIGRATIONS } from '../../../src/store/postgres/pg-migrations.js';
import { openPostgresStore } from '../../../src/store/postgres/open-postgres-store.js';
import { retryingStore } from '../../../src/store/retrying-store.js';
import { StoreError, type Store } from '../../../src/store/store.js';
import { StoreRetry } from '../../../src/store/store-retry.js';
import { FakeChannels, FakeClock, MemoryLogger, makePaper, messageText } from '../../discord/digest/digest-harness.js';
import { PG_SKIPPED, TEST_DATABASE_URL, dropSchemas, notePostgresSkipped, testSchemaName } from '../store-engines.js';
import { TcpProxy, targetOf } from './tcp-proxy.js';

const URL_ = TEST_DATABASE_URL ?? '';
const SUB = {
  guildId: '100000000000000001',
  channelId: '200000000000000001',
  time: '09:00',
  timezone: 'Europe/Berlin',
  topic: '',
  max: 2,
  createdBy: '300000000000000001',
};

notePostgresSkipped('migrations, start-up waits and outages');

/** A port nothing listens on: taken from the system, then let go. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A clock that only `sleep` moves, counting the sleeps; `onSleep` runs after each. */
function fakeTime(onSleep: (count: number) => void = () => undefined) {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    clock: () => now,
    sleep: (ms: number) => {
      sleeps.push(ms);
      now += ms;
      onSleep(sleeps.length);
      return Promise.resolve();
    },
  };
}

describe.skipIf(!TEST_DATABASE_URL)(`the PostgreSQL store${TEST_DATABASE_URL ? '' : ` (${PG_SKIPPED})`}`, () => {
  const schemas: string[] = [];
  const stores: Store[] = [];
  let proxy: TcpProxy | undefined;
  const open = async (options: Partial<Parameters<typeof openPostgresStore>[0]> = {}) => {
    const schema = options.schema ?? testSchemaName();
    if (!schemas.includes(schema)) schemas.push(schema);
    const store = await openPostgresStore({ url: URL_, waitMs: 0, ...options, schema });
    stores.push(store);
    return store;
  };

  beforeEach(async () => {
    proxy = await TcpProxy.start(targetOf(URL_));
  });
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    await proxy?.close();
    await dropSchemas(URL_, schemas.splice(0));
  });

  describe('migrations', () => {
    it('records each step in paperboy_migrations, and two machines starting at once migrate once', async () => {
      const schema = testSchemaName();
      const [a, b] = await Promise.all([open({ schema }), open({ schema })]);
      expect([a.schemaVersion, b.schemaVersion]).toEqual([PG_MIGRATIONS.length, PG_MIGRATIONS.length]);
      const client = new pg.Client({ connectionString: URL_ });
      await client.connect();
      try {
        const { rows } = await client.query<{ version: number; name: string }>(
          `SELECT version, name FROM ${schema}.paperboy_migrations ORDER BY version`,
        );
        expect(rows.map((r) => [r.version, r.name])).toEqual(PG_MIGRATIONS.map((m) => [m.version, m.name]));
        // A newer Paperboy migrated this database: this one refuses it rather than guess.
        await client.query(`INSERT INTO ${schema}.paperboy_migrations (version, name) VALUES (99, 'future')`);
      } finally {
        await client.end();
      }
      await expect(open({ schema })).rejects.toThrow(
        new RegExp(`schema version 99, this Paperboy knows up to ${PG_MIGRATIONS.length}; upgrade Paperboy`),
      );
    });
  });

  describe('start-up', () => {
    it('waits for an unreachable server, then gives up naming host and database, never the password', async () => {
      const port = await closedPort();
      const time = fakeTime();
      const waiting: string[] = [];
      const attempt = openPostgresStore({
        url: `postgres://paperboy:hunter2@127.0.0.1:${port}/paperboy`,
        waitMs: 30_000,
        sleep: time.sleep,
        clock: time.clock,
        onWaiting: (location) => waiting.push(location),
      });
      const error = (await attempt.catch((e: unknown) => e)) as Error;
      expect(error).toBeInstanceOf(StoreError);
      expect(error.message).toMatch(
        new RegExp(`^store: PostgreSQL at 127\\.0\\.0\\.1:${port}/paperboy did not answer within 30 s`),
      );
      expect(error.message).not.toMatch(/hunter2|paperboy:/);
      expect(waiting).toEqual([`127.0.0.1:${port}/paperboy`]);
      expect(time.sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(30_000);
      expect(time.sleeps.slice(0, 4)).toEqual([250, 500, 1_000, 2_000]);
    });

    it('opens once a server that was down at start-up comes up', async () => {
      proxy!.cut();
      const time = fakeTime((count) => {
        if (count === 2) proxy!.restore();
      });
      const store = await open({ url: proxy!.urlFor(URL_), waitMs: 30_000, sleep: time.sleep, clock: time.clock });
      expect(store.schemaVersion).toBe(PG_MIGRATIONS.length);
      expect(time.sleeps).toEqual([250, 500]);
      expect(proxy!.refused).toBeGreaterThanOrEqual(2);
    });

    it('does not wait for a server that refuses Paperboy (no such database)', async () => {
      const time = fakeTime();
      const missing = new URL(URL_);
      missing.pathname = '/paperboy_no_such_database';
      await expect(
        openPostgresStore({ url: missing.toString(), waitMs: 30_000, sleep: time.sleep, clock: time.clock }),
      ).rejects.toThrow(/refused Paperboy: database "paperboy_no_such_database" does not exist/);
      expect(time.sleeps).toEqual([]);
    });
  });

  describe('an outage', () => {
    it('writes fail, are retried with back-off, logged once, and land once the server is back', async () => {
      const direct = await open({ url: proxy!.urlFor(URL_) });
      const logger = new MemoryLogger();
      const time = fakeTime((count) => {
        if (count === 3) proxy!.restore();
      });
      const store = retryingStore(
        direct,
        new StoreRetry({ location: direct.location, isTransient: direct.isTransient, logger, ...time }),
      );
      const sub = await store.subscriptions.add(SUB, new Date('2025-03-01T08:00:00Z'));
      const claim = await store.ledger.claimScheduled({
        subscriptionId: sub.id,
        localDate: '2025-03-01',
        nonce: 'd1-20250301',
        owner: 'a',
        now: new Date('2025-03-01T08:00:00Z'),
        leaseMs: 120_000,
      });
      expect(claim.kind).toBe('claimed');

      proxy!.cut(); // the message was posted; recording it now fails until the proxy is back
      await store.ledger.markSent({ ...claim.send, paperIds: ['p1'] }, 'm1', new Date('2025-03-01T08:00:05Z'));
      await store.papers.recordPapers(['p1', 'p2'], new Date('2025-03-01T08:00:06Z'));

      expect(time.sleeps).toEqual([250, 500, 1_000]);
      expect(logger.lines.map((l) => [l.level, l.message])).toEqual([
        ['warn', 'store: unreachable; retrying with back-off until it is back (logged again when it is)'],
        ['info', 'store: reachable again'],
      ]);
      expect(JSON.stringify(logger.lines)).not.toContain(proxy!.urlFor(URL_));
      // Nothing is posted twice: the day's claim now answers "sent".
      const again = await store.ledger.claimScheduled({
        subscriptionId: sub.id,
        localDate: '2025-03-01',
        nonce: 'd1-20250301',
        owner: 'b',
        now: new Date('2025-03-01T09:00:00Z'),
        leaseMs: 120_000,
      });
      expect(again).toMatchObject({ kind: 'sent', send: { messageId: 'm1' } });
      expect((await store.papers.firstSeen()).size).toBe(2);
    });

    it('a digest due during the outage is posted once after it, late, saying so', async () => {
      const direct = await open({ url: proxy!.urlFor(URL_) });
      const logger = new MemoryLogger();
      const time = fakeTime();
      const store = retryingStore(
        direct,
        new StoreRetry({ location: direct.location, isTransient: direct.isTransient, logger, ...time }),
      );
      const clock = new FakeClock('2025-03-29T07:30:00.000Z');
      const channels = new FakeChannels(clock);
      const papers = [makePaper('g1', 'Graph neural networks'), makePaper('g2', 'Graph transformers')];
      await store.papers.recordPapers(['g1', 'g2'], clock.now());
      await store.subscriptions.add(SUB, clock.now());
      const job = new DigestJob({
        store,
        postMessage: channels.post,
        corpus: () => ({ papers }),
        clock: clock.now,
        logger,
        owner: 'machine-a',
        sleep: async () => {},
      });

      clock.set('2025-03-29T08:00:00.000Z'); // 09:00 in Berlin, and the database is out of reach
      proxy!.cut();
      await expect(job.runDue()).rejects.toThrow();
      expect(channels.messages).toHaveLength(0);

      clock.set('2025-03-29T08:40:00.000Z'); // back 40 minutes later; the scheduler's next run
      proxy!.restore();
      expect(await job.runDue()).toMatchObject([{ kind: 'posted', late: true }]);
      expect(messageText(channels.messages[0]!.body)).toMatch(/Posted late: this digest was due at 09:00/);
      clock.advance(60_000);
      expect(await job.runDue()).toEqual([]);
      expect(channels.messages).toHaveLength(1);
      const outage = logger.lines.filter((l) => l.message.startsWith('store:'));
      expect(outage.map((l) => l.level)).toEqual(['warn', 'info']);
    });
  });
});
