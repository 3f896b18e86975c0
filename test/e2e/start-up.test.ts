import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const SEED = join(ROOT, 'corpus');
let dir: string;

beforeAll(() => {
  // `npm start` would build a stale dist/ first; these tests run dist/main.js itself.
  const built = spawnSync(process.execPath, [join(ROOT, 'scripts/build.js'), '--if-changed'], { encoding: 'utf8' });
  expect(built.status, built.stderr).toBe(0);
}, 180_000);
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'paperboy-start-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Runs `node dist/main.js` in an empty folder (no .env) with only these settings; `input` undefined: /dev/null. */
function start(
  env: Record<string, string>,
  input?: string,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist/main.js')], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', CORPUS_DIR: SEED, DATA_DIR: join(dir, 'data'), ...env },
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      timeout: 15_000,
    });
    let out = '';
    let err = '';
    child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr?.on('data', (b: Buffer) => (err += b.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, out, err }));
    child.stdin?.end(input);
  });
}

describe('start-up with a bad path', () => {
  it('names CORPUS_DIR when it does not exist, in one line, exit 2', async () => {
    const missing = join(dir, 'does-not-exist');
    const run = await start({ CORPUS_DIR: missing }, 'hi\n');
    expect(run.err).toBe(`config: CORPUS_DIR: ${JSON.stringify(missing)} does not exist\n`);
    expect(run.code).toBe(2);
  });

  it('names CORPUS_DIR when it is neither a folder nor a paper file', async () => {
    const notes = join(dir, 'notes.xyz');
    await writeFile(notes, 'hello');
    const run = await start({ CORPUS_DIR: notes }, 'hi\n');
    expect(run.err).toMatch(/^config: CORPUS_DIR: ".*notes\.xyz" is not a folder \(nor a paper file: .*\)\n$/);
    expect(run.code).toBe(2);
  });

  it('names DATA_DIR when it is a file, or lies under one', async () => {
    const file = join(dir, 'data-file');
    await writeFile(file, '');
    const run = await start({ DATA_DIR: file }, 'hi\n');
    expect(run.err).toBe(`config: DATA_DIR: ${JSON.stringify(file)} is a file, not a folder\n`);
    expect(run.code).toBe(2);
    const under = await start({ DATA_DIR: join(file, 'sub') }, 'hi\n');
    expect(under.err).toContain(`config: DATA_DIR: ${JSON.stringify(join(file, 'sub'))} cannot be created`);
    expect(under.code).toBe(2);
  });

  it.runIf(existsSync('/proc/self'))('names DATA_DIR under /proc instead of spinning forever', async () => {
    const run = await start({ DATA_DIR: '/proc/paperboy-nope' }, 'hi\n');
    expect(run.err).toBe(
      'config: DATA_DIR: "/proc/paperboy-nope" cannot be created (ENOENT: the folder above takes no new folders, as under /proc)\n',
    );
    expect(run.code).toBe(2);
    const proc = await start({ DATA_DIR: '/proc' }, 'hi\n');
    expect(proc.err).toMatch(/^config: DATA_DIR: "\/proc" is not writable \(E[A-Z]+\)\n$/);
  });

  it('creates a DATA_DIR that does not exist yet, folders above it included', async () => {
    const run = await start({ DATA_DIR: join(dir, 'a', 'b', 'data') }, 'what mask ratio does PRED use\n');
    expect(run.code).toBe(0);
    expect(existsSync(join(dir, 'a', 'b', 'data'))).toBe(true);
  });
});

describe('start-up with no token', () => {
  it('says there is nothing to do when no terminal and no input, exit 2', async () => {
    const run = await start({ DISCORD_TOKEN: '' });
    expect(run.err).toBe(
      'paperboy: no DISCORD_TOKEN and no terminal: nothing to do (set DISCORD_TOKEN to run the bot, or pipe questions in)\n',
    );
    expect(run.code).toBe(2);
  });

  it('answers piped questions on stdout and nothing else', async () => {
    await mkdir(join(dir, 'data'), { recursive: true });
    const run = await start({}, 'what mask ratio does PRED use\n');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^Papers 1–\d of \d\n\n1\. PRED: Pre-training via Semantic Rendering/);
    expect(run.out).toContain('answer: We further enhance our model');
  });

  it('warns on stderr that an empty corpus folder holds no papers, and the chat says so too', async () => {
    const empty = join(dir, 'empty-corpus');
    await mkdir(empty, { recursive: true });
    const run = await start({ CORPUS_DIR: empty }, 'what is DropPos\n');
    expect(run.err).toContain(`paperboy: CORPUS_DIR ${JSON.stringify(empty)} holds no papers: put .txt,`);
    expect(run.out).toContain('The corpus has no papers yet');
    expect(run.code).toBe(0);
  });

  it('counts one corpus problem in the singular', async () => {
    const one = join(dir, 'one-problem');
    await mkdir(one, { recursive: true });
    await writeFile(join(one, 'a.jsonl'), '{"_id":"a","title":"Alpha","text":"alpha beta"}\n{oops\n');
    const said = 'paperboy: 1 corpus problem: corpus: a.jsonl:2: ';
    const run = await start({ CORPUS_DIR: one }, 'alpha\n');
    expect(run.err).toContain(said);
    expect(run.err).toMatch(/; see `npx paperboy corpus check`\n/);
    // The next start loads the snapshot, and still says what is wrong with the corpus.
    const again = await start({ CORPUS_DIR: one }, 'alpha\n');
    expect(again.err).toContain(said);
  });

  it('says in one line that a damaged snapshot was rebuilt, naming the file, then answers', async () => {
    const corpus = join(dir, 'damaged-snapshot');
    await mkdir(corpus, { recursive: true });
    await writeFile(join(corpus, 'a.jsonl'), '{"_id":"a","title":"Alpha","text":"alpha beta"}\n');
    const data = join(dir, 'damaged-data');
    expect((await start({ CORPUS_DIR: corpus, DATA_DIR: data }, 'alpha\n')).err).toBe('');
    const [file] = (await readdir(data)).filter((name) => name.endsWith('.snapshot'));
    const bytes = await readFile(join(data, file!));
    bytes.write('XXXX', 0);
    await writeFile(join(data, file!), bytes);
    const run = await start({ CORPUS_DIR: corpus, DATA_DIR: data }, 'alpha\n');
    expect(run.err).toBe(
      `paperboy: snapshot ${join(data, file!)} was damaged (bad magic "XXXX", expected "PBIX"); rebuilt from the corpus\n`,
    );
    expect(run.out).toContain('Alpha');
    expect((await start({ CORPUS_DIR: corpus, DATA_DIR: data }, 'alpha\n')).err).toBe('');
  });
});
