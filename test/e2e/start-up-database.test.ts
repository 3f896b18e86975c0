// The bot with DATABASE_URL pointing at a PostgreSQL that never answers: it waits DATABASE_WAIT_SECONDS,
// then exits 1 with one line naming host, port and database, never the password. No PostgreSQL needed.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
let dir: string;

beforeAll(() => {
  const built = spawnSync(process.execPath, [join(ROOT, 'scripts/build.js'), '--if-changed'], { encoding: 'utf8' });
  expect(built.status, built.stderr).toBe(0);
}, 180_000);
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'paperboy-start-db-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

function start(env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist/main.js')], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', CORPUS_DIR: join(ROOT, 'corpus'), DATA_DIR: join(dir, 'data'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 30_000,
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, out, err }));
  });
}

describe('start-up with an unreachable DATABASE_URL', () => {
  it('waits, then exits 1 naming the host and database, never the password', async () => {
    const port = await closedPort();
    const run = await start({
      DISCORD_TOKEN: `test.${'x'.repeat(60)}`,
      DATABASE_URL: `postgres://paperboy:hunter2@127.0.0.1:${port}/paperboy`,
      DATABASE_WAIT_SECONDS: '1',
      LOG_LEVEL: 'info',
    });
    expect(run.code).toBe(1);
    const lines = run.err.trim().split('\n');
    expect(lines.at(-1)).toMatch(
      new RegExp(`^paperboy: store: PostgreSQL at 127\\.0\\.0\\.1:${port}/paperboy did not answer within 1 s `),
    );
    // The wait was logged once, with the host, as everything else: never the URL.
    expect(lines.filter((line) => line.includes('store: waiting up to 1 s'))).toHaveLength(1);
    expect(run.out + run.err).not.toMatch(/hunter2/);
  });
});
