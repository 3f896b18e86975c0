import { describe, expect, it } from 'vitest';
import { describeReloadedFiles, summarizeReload, type ReloadedFile } from '../../../src/core/paper/corpus-reload.js';

const file = (name: string, change: Partial<ReloadedFile> = {}): ReloadedFile => ({
  file: name,
  added: 0,
  replaced: 0,
  removed: 0,
  kept: false,
  ...change,
});

describe('summarizeReload', () => {
  it('names the counts that are not zero, the files, kept files and problems', () => {
    const files = [file('new.pdf', { added: 2 }), file('old.txt', { removed: 1 })];
    expect(summarizeReload({ added: 2, replaced: 0, removed: 1, files, problems: [] })).toBe(
      '2 papers added, 1 removed in 2 files',
    );
    expect(
      summarizeReload({
        added: 0,
        replaced: 1,
        removed: 0,
        files: [file('a.bib', { replaced: 1 }), file('bad.pdf', { kept: true })],
        problems: [{ file: 'bad.pdf', line: 0, message: 'x' }],
      }),
    ).toBe('1 paper replaced in 2 files; 1 file kept as before; 1 problem');
    expect(summarizeReload({ added: 0, replaced: 0, removed: 0, files: [file('same.md')], problems: [] })).toBe(
      'no paper changed in 1 file',
    );
  });
});

describe('describeReloadedFiles', () => {
  it('gives one line per file, then how many more', () => {
    const files = [
      file('new.pdf', { added: 1 }),
      file('bad.pdf', { kept: true }),
      file('refs.bib', { added: 3, replaced: 1, removed: 2 }),
    ];
    expect(describeReloadedFiles({ files }, 2)).toEqual([
      'new.pdf: 1 paper added',
      'bad.pdf: not read cleanly; its papers are kept as they were',
      '… and 1 more file',
    ]);
    expect(describeReloadedFiles({ files })[2]).toBe('refs.bib: 3 papers added, 1 replaced, 2 removed');
  });
});
