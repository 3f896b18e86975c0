// Store write timings on both engines, in one run: first-seen writes (a start-up's whole corpus in one
// call, and one paper per call as live reloads write them) and digest ledger claims (a day's slots claimed
// and marked sent, then claimed again by a second machine and found sent). Run it after `npm run build`:
//   node dist/bench/store-bench.js [--postgres postgres://…] [--papers 10000] [--claims 1000]
// PostgreSQL gets a schema of its own, dropped afterwards; SQLite a temporary folder.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openPostgresStore } from '../store/postgres/open-postgres-store.js';
import { describePostgresUrl } from '../store/postgres/pg-errors.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import type { Store } from '../store/store.js';

export interface StoreTimings {
  engine: string;
  where: string;
  /** One `recordPapers` call with every id, as at start-up. */
  first_seen_batch: { papers: number; ms: number };
  /** One call (one transaction) per paper, as a live reload of one file writes. */
  first_seen_single: { papers: number; ms: number; per_write_ms: number };
  /** `claimScheduled` on distinct slots, then `markSent` for each (a day's digests). */
  claims: { claims: number; ms: number; per_claim_ms: number; mark_sent_ms: number };
  /** The same slots claimed by a second owner: every one answers `sent`. */
  claims_again: { claims: number; ms: number; per_claim_ms: number };
}

const round = (ms: number) => Math.round(ms * 100) / 100;

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return round(performance.now() - start);
}

/** Measures one store; it is left holding what the measurement wrote. */
export async function measureStore(store: Store, papers: number, claims: number): Promise<StoreTimings> {
  const now = new Date('2025-03-01T08:00:00.000Z');
  const ids = Array.from({ length: papers }, (_, i) => `bench-paper-${i}`);
  const batchMs = await timed(() => store.papers.recordPapers(ids, now));
  const singles = ids.map((id) => `${id}-single`);
  const singleMs = await timed(async () => {
    for (const id of singles) await store.papers.recordPapers([id], now);
  });

  // One subscription per claim: each claim is a slot of its own, as a day of many channels' digests is.
  const subscriptions: number[] = [];
  for (let i = 0; i < claims; i++) {
    const sub = await store.subscriptions.add(
      {
        guildId: '100000000000000001',
        channelId: String(200000000000000000n + BigInt(i)),
        time: '09:00',
        timezone: 'UTC',
        topic: '',
        max: 5,
        createdBy: '3',
      },
      now,
    );
    subscriptions.push(sub.id);
  }
  const claim = (subscriptionId: number, owner: string) =>
    store.ledger.claimScheduled({
      subscriptionId,
      localDate: '2025-03-01',
      nonce: `d${subscriptionId}-20250301`,
      owner,
      now,
      leaseMs: 120_000,
    });
  const sends: Array<{ id: number; subscriptionId: number; paperIds: string[] }> = [];
  const claimMs = await timed(async () => {
    for (const id of subscriptions) {
      const result = await claim(id, 'bench-a');
      if (result.kind !== 'claimed') throw new Error(`store-bench: slot ${id} was ${result.kind}, expected claimed`);
      sends.push({ id: result.send.id, subscriptionId: id, paperIds: ids.slice(0, 5) });
    }
  });
  const markMs = await timed(async () => {
    for (const send of sends) await store.ledger.markSent(send, `m${send.id}`, now);
  });
  const againMs = await timed(async () => {
    for (const id of subscriptions) {
      const result = await claim(id, 'bench-b');
      if (result.kind !== 'sent') throw new Error(`store-bench: slot ${id} was ${result.kind}, expected sent`);
    }
  });
  return {
    engine: store.engine,
    where: store.location,
    first_seen_batch: { papers, ms: batchMs },
    first_seen_single: { papers, ms: singleMs, per_write_ms: round(singleMs / papers) },
    claims: { claims, ms: claimMs, per_claim_ms: round(claimMs / claims), mark_sent_ms: markMs },
    claims_again: { claims, ms: againMs, per_claim_ms: round(againMs / claims) },
  };
}

/** SQLite in a temporary folder, then PostgreSQL (when given) in a schema of its own; both removed after. */
export async function runStoreBench(options: {
  postgres?: string | undefined;
  papers: number;
  claims: number;
}): Promise<StoreTimings[]> {
  const results: StoreTimings[] = [];
  const dir = await mkdtemp(join(tmpdir(), 'paperboy-store-bench-'));
  try {
    const sqlite = openSqliteStore(join(dir, 'paperboy.sqlite'));
    try {
      results.push(await measureStore(sqlite, options.papers, options.claims));
    } finally {
      await sqlite.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  if (options.postgres) {
    const schema = `paperboy_bench_${randomBytes(6).toString('hex')}`;
    try {
      const store = await openPostgresStore({ url: options.postgres, schema, waitMs: 0 });
      try {
        results.push(await measureStore(store, options.papers, options.claims));
      } finally {
        await store.close();
      }
    } finally {
      const client = new pg.Client({ connectionString: options.postgres });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    }
  }
  return results;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      postgres: { type: 'string' },
      papers: { type: 'string', default: '10000' },
      claims: { type: 'string', default: '1000' },
    },
  });
  const papers = Number(values.papers);
  const claims = Number(values.claims);
  if (!Number.isInteger(papers) || papers < 1 || !Number.isInteger(claims) || claims < 1) {
    console.error('usage: node dist/bench/store-bench.js [--postgres URL] [--papers N] [--claims N]');
    process.exit(2);
  }
  if (values.postgres) console.error(`store-bench: PostgreSQL at ${describePostgresUrl(values.postgres)}`);
  const results = await runStoreBench({ postgres: values.postgres, papers, claims });
  console.log(JSON.stringify({ node: process.version, results }, null, 2));
}
