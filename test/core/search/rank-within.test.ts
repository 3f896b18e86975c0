import { beforeAll, describe, expect, it } from 'vitest';
import { SearchIndex } from '../../../src/core/search/search-index.js';
import { seedPapers } from '../search-fixtures.js';

let index: SearchIndex;
beforeAll(async () => {
  index = SearchIndex.build(await seedPapers());
});

describe('rank within papers', () => {
  it('ranks only the papers given, in the order the whole ranking has them', () => {
    const question = index.readQuestion('pre-training transformers');
    const all = index.rank(question, { limit: 10 }).papers.map((r) => r.paper.id);
    const within = new Set([all[3]!, all[1]!]);
    const scoped = index.rank(question, { limit: 10, within });
    expect(scoped.papers.map((r) => r.paper.id)).toEqual([all[1], all[3]]);
    expect(scoped.total).toBe(2);
  });

  it('keeps a paper given that matches no term, with no chunk and no score, and ignores unknown ids', () => {
    const pred = index.paperIds.find((id) => id.startsWith('pred-'))!;
    const scoped = index.rank(index.readQuestion('positional embeddings'), {
      limit: 3,
      within: new Set([pred, 'no-such-paper']),
    });
    expect(scoped.papers).toHaveLength(1);
    expect(scoped.papers[0]).toMatchObject({ paper: { id: pred }, score: 0, chunks: [], matched: [] });
  });

  it('leaves an unscoped ranking as it was after a scoped one (the scratch scores are cleared)', () => {
    const question = index.readQuestion('mask ratio point clouds');
    const before = index.rank(question, { limit: 5 });
    index.rank(question, { limit: 5, within: new Set(index.paperIds.slice(0, 2)) });
    expect(index.rank(question, { limit: 5 })).toEqual(before);
  });
});
