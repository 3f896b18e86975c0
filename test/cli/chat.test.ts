import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import type { FoundAnswer } from '../../src/core/answer/answer.js';

/** A line of `chat --json` (every one of these questions finds papers). */
type ChatLine = FoundAnswer & { reading: { kind: string; text: string } | null };
import { FIXTURES, tempCorpus } from '../corpus/temp-corpus.js';

async function workspace(): Promise<string> {
  const files = ['pre-training.txt', 'pre-training.meta.json'];
  const contents = await Promise.all(files.map((f) => readFile(join(FIXTURES, 'seed', f))));
  return tempCorpus({ 'corpus/pre-training.txt': contents[0]!, 'corpus/pre-training.meta.json': contents[1]! });
}

/** `paperboy chat` with `lines` on stdin; what it printed. */
async function chat(args: string[], lines: string[], cwd?: string): Promise<{ code: number; out: string }> {
  cwd ??= await workspace();
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const parts: Buffer[] = [];
  stdout.on('data', (b: Buffer) => parts.push(b));
  stdin.end(lines.map((l) => `${l}\n`).join(''));
  const code = await runCli(['chat', '--corpus', 'corpus', ...args], { stdin, stdout, stderr: new PassThrough(), cwd });
  return { code, out: Buffer.concat(parts).toString('utf8') };
}

const LIDAR = 'which paper pre-trains on LiDAR point clouds?';
const POSITIONAL = 'does it use positional embeddings?';

describe('paperboy chat', () => {
  it('--json: a follow-up answers from PRED with positional and embeddings missing; alone, DropPos answers', async () => {
    const { code, out } = await chat(
      ['--json'],
      [LIDAR, POSITIONAL, 'what mask ratio does it use?', '/new', POSITIONAL],
    );
    expect(code).toBe(0);
    const answers = out
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as ChatLine);
    expect(answers).toHaveLength(4);
    expect(answers[0]!.reading).toBeNull();
    expect(answers[1]!.reading).toMatchObject({ kind: 'back', text: 'about PRED, from your last question' });
    expect(answers[1]!.papers.map((p) => p.paper.title)).toEqual([expect.stringMatching(/^PRED:/)]);
    expect(answers[1]!.papers[0]!.missing).toEqual(['positional', 'embeddings']);
    expect(answers[2]!.papers[0]!.sentence.text).toContain('(95%)');
    expect(answers[3]!.reading).toBeNull();
    expect(answers[3]!.papers[0]!.paper.title).toMatch(/^DropPos:/);
  });

  it('prints the reading line before a follow-up in text', async () => {
    const { out } = await chat(['--plain'], [LIDAR, 'what about DropPos?']);
    expect(out).toContain('(about DropPos, as you named it)\nPapers 1–1 of 1\n\n1. DropPos');
  });

  it('--session keeps the conversation in the store: the next run continues it, /new starts afresh', async () => {
    const cwd = await workspace();
    await chat(['--json', '--session', 'lab'], [LIDAR], cwd);
    const next = await chat(['--json', '--session', 'lab'], [POSITIONAL], cwd);
    const followUp = JSON.parse(next.out) as ChatLine;
    expect(followUp.reading).toMatchObject({ kind: 'back', text: 'about PRED, from your last question' });
    const other = await chat(['--json', '--session', 'other'], [POSITIONAL], cwd);
    expect((JSON.parse(other.out) as ChatLine).reading).toBeNull();
    const fresh = await chat(['--json', '--session', 'lab'], ['/new', POSITIONAL], cwd);
    expect((JSON.parse(fresh.out) as ChatLine).reading).toBeNull();
  });
});
