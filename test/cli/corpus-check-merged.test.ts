import { PassThrough } from 'node:stream';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/command.js';
import { runCli } from '../../src/cli/run-cli.js';
import { FIXTURES } from '../corpus/temp-corpus.js';

function fakeIo(cwd: string): CliIo & { out(): string } {
  const stdout = new PassThrough();
  const parts: Buffer[] = [];
  stdout.on('data', (b: Buffer) => parts.push(b));
  const stderr = Object.assign(new PassThrough(), { isTTY: false });
  return { stdout, stderr, stdin: new PassThrough(), cwd, out: () => Buffer.concat(parts).toString('utf8') };
}

let data: string;
beforeEach(async () => {
  data = await mkdtemp(join(tmpdir(), 'paperboy-data-'));
});
afterEach(async () => {
  await rm(data, { recursive: true, force: true });
});

describe('paperboy corpus check: papers that are one work', () => {
  it('reports the same paper as a .bib entry, a PDF and a JSON Lines line as one paper with the merged links', async () => {
    const io = fakeIo(FIXTURES);
    expect(await runCli(['corpus', 'check', 'same-work/one-paper', '--json', '--data', data], io)).toBe(0);
    const result = JSON.parse(io.out()) as {
      papers: Array<{ id: string; links: Array<{ kind: string; url: string }>; pages: number | null }>;
      merged: Array<{ id: string; papers: Array<{ id: string; file: string; line: number; rule: string | null }> }>;
    };
    expect(result.papers).toHaveLength(1);
    expect(result.papers[0]!.id).toBe('socher2013zeroshot');
    expect(result.papers[0]!.pages).toBe(2);
    expect(result.papers[0]!.links.map((l) => [l.kind, l.url])).toEqual([
      ['arxiv', 'https://arxiv.org/abs/1301.3666'],
      ['page', 'https://nips.cc/virtual/2013/poster/3839'],
      ['pdf', 'https://papers.nips.cc/paper_files/paper/2013/file/2d6cc4b2d139a53512fb8cbb3086ae2e-Paper.pdf'],
    ]);
    expect(result.merged).toEqual([
      {
        id: 'socher2013zeroshot',
        title: 'Zero-Shot Learning Through Cross-Modal Transfer',
        papers: [
          { id: 'socher2013zeroshot', file: 'library.bib', line: 1, rule: null },
          { id: 'nips2013-3839', file: 'nips2013.jsonl', line: 1, rule: 'title-author' },
          { id: 'zero-shot-cross-modal-aec08efcf9', file: 'zero-shot-cross-modal.pdf', line: 1, rule: 'arxiv' },
        ],
      },
    ]);
  });

  it('lists every merge, with its files and rule, in the report', async () => {
    const io = fakeIo(FIXTURES);
    expect(await runCli(['corpus', 'check', 'same-work/paperlists-duplicates.jsonl', '--data', data], io)).toBe(0);
    const out = io.out();
    expect(out).toContain('paperlists-duplicates.jsonl  jsonl  15 papers (3 merged into another, listed there)');
    expect(out).toContain('merged 6 papers into 3 works (the same work, listed once):');
    expect(out).toContain(
      '  icra2010-5509857  OctoMag: An electromagnetic system for 5-DOF wireless micromanipulation  (paperlists-duplicates.jsonl:12)\n' +
        '    = icra2010-5509241  paperlists-duplicates.jsonl:13  by title-venue\n',
    );
    expect(out).toMatch(/corpus: 12 papers \(3 merged works\), /);
  });
});
