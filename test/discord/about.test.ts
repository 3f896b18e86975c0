import { describe, expect, it } from 'vitest';
import type { CorpusReload, IndexingProgress } from '../../src/core/paper/corpus-reload.js';
import type { CorpusProblem } from '../../src/core/paper/paper.js';
import { SearchIndex } from '../../src/core/search/search-index.js';
import type { BotStatus } from '../../src/discord/command.js';
import { aboutMessage } from '../../src/discord/commands/about.js';
import { corpusView } from '../../src/discord/corpus-view.js';
import { EMBED_FIELD_VALUE_MAX } from '../../src/discord/limits.js';
import { paper } from '../core/search-fixtures.js';

const PAPER = paper('p1', 'Masked point modelling', 'Masked point modelling is studied here.', {
  topic: 'pre-training',
});
const STATUS: BotStatus = { version: '1.0.0', startedAt: 0, gatewayPingMs: 40, shards: [{ id: 0, ready: true }] };

function lastReloadField(live: { lastReload: CorpusReload | undefined; problems: CorpusProblem[] }): string {
  const view = corpusView(SearchIndex.build([PAPER]), { loadedAt: '2025-06-02T06:00:00.000Z', live });
  const fields = aboutMessage(view, STATUS, 60_000).embeds?.[0]?.fields ?? [];
  return fields.find((f) => f.name === 'Last reload')!.value;
}

describe('/about', () => {
  it('shows when the corpus was loaded until it reloads live', () => {
    expect(lastReloadField({ lastReload: undefined, problems: [] })).toBe('<t:1748844000:f> (<t:1748844000:R>)');
  });

  it('lists the corpus’s problems before any live reload (from the snapshot’s report at start-up)', () => {
    const problems = [{ file: 'a.jsonl', line: 2, message: 'not JSON: "{oops"' }];
    expect(lastReloadField({ lastReload: undefined, problems }).split('\n')).toEqual([
      '<t:1748844000:f> (<t:1748844000:R>)',
      '⚠️ corpus: a.jsonl:2: not JSON: "{oops"',
      '1 problem(s) in the corpus; see `paperboy corpus check`',
    ]);
  });

  it('shows the last reload: when, what changed by file, its problems, and the corpus’s problem count', () => {
    const problem = { file: 'scan_1.pdf', line: 0, message: 'no text layer (a scanned PDF?)' };
    const live = {
      lastReload: {
        at: '2025-06-02T06:30:00.000Z',
        added: 1,
        replaced: 0,
        removed: 0,
        files: [
          { file: 'new_paper.pdf', added: 1, replaced: 0, removed: 0, kept: false },
          { file: 'scan_1.pdf', added: 0, replaced: 0, removed: 0, kept: true },
        ],
        problems: [problem],
      },
      problems: [problem, { file: 'old.txt', line: 3, message: 'x' }],
    };
    expect(lastReloadField(live).split('\n')).toEqual([
      '<t:1748845800:f> (<t:1748845800:R>): 1 paper added in 2 files; 1 file kept as before; 1 problem',
      '• new\\_paper.pdf: 1 paper added',
      '• scan\\_1.pdf: not read cleanly; its papers are kept as they were',
      '⚠️ corpus: scan\\_1.pdf: no text layer \\(a scanned PDF?\\)',
      '2 problem(s) in the corpus; see `paperboy corpus check`',
    ]);
  });

  it('stays within Discord’s field limit however many files and problems, keeping the corpus total', () => {
    const problems = Array.from({ length: 40 }, (_, i) => ({
      file: `folder/${'long-name-'.repeat(8)}${i}.bib`,
      line: i + 1,
      message: 'BibTeX syntax error: '.repeat(5),
    }));
    const files = problems.map((p) => ({ file: p.file, added: 0, replaced: 0, removed: 0, kept: true }));
    const value = lastReloadField({
      lastReload: { at: '2025-06-02T06:30:00.000Z', added: 0, replaced: 0, removed: 0, files, problems },
      problems,
    });
    expect(value.length).toBeLessThanOrEqual(EMBED_FIELD_VALUE_MAX);
    expect(value).toContain('… and 35 more files');
    expect(value.endsWith('40 problem(s) in the corpus; see `paperboy corpus check`')).toBe(true);
  });
});

describe('/about on an empty corpus', () => {
  it('warns that the corpus holds no papers and says how to add some', () => {
    const view = corpusView(SearchIndex.build([]), { loadedAt: '2025-06-02T06:00:00.000Z' });
    const embed = aboutMessage(view, STATUS, 60_000).embeds?.[0];
    expect(embed?.description).toMatch(/holds no papers yet: put \.txt, \.jsonl/);
    expect(embed?.fields?.find((f) => f.name === 'Papers')?.value).toBe('0');
    const full = aboutMessage(
      corpusView(SearchIndex.build([PAPER]), { loadedAt: '2025-06-02T06:00:00.000Z' }),
      STATUS,
      0,
    );
    expect(full.embeds?.[0]?.description).not.toMatch(/no papers/);
  });

  it('shows a live reload under way: reading, then how many paper changes are indexed, and since when', () => {
    const at = '2025-06-02T06:30:00.000Z';
    const indexingField = (indexing: IndexingProgress | undefined) => {
      const live = { lastReload: undefined, problems: [], indexing };
      const view = corpusView(SearchIndex.build([PAPER]), { loadedAt: '2025-06-02T06:00:00.000Z', live });
      const fields = aboutMessage(view, STATUS, 60_000).embeds?.[0]?.fields ?? [];
      return fields.find((f) => f.name === 'Indexing now')?.value;
    };
    expect(indexingField(undefined)).toBeUndefined();
    expect(indexingField({ stage: 'reading', files: 3, done: 0, total: 0, startedAt: at })).toBe(
      'Reading 3 changed file(s), since <t:1748845800:f> (<t:1748845800:R>)',
    );
    expect(indexingField({ stage: 'indexing', files: 1, done: 12_000, total: 20_000, startedAt: at })).toBe(
      'Indexing: 12,000 of 20,000 paper changes (60%), from 1 file(s), since <t:1748845800:f> (<t:1748845800:R>). ' +
        'Questions are answered meanwhile.',
    );
  });
});
