import { describe, expect, it } from 'vitest';
import type { Paper } from '../../../src/core/paper/paper.js';
import { periodStart, topPapers } from '../../../src/core/votes/top-papers.js';

function paper(id: string, title: string, text = ''): Paper {
  return {
    id,
    title,
    text,
    authors: [],
    year: 2024,
    venue: null,
    topic: null,
    tags: [],
    links: [],
    firstSeen: null,
  } as unknown as Paper;
}

describe('periodStart', () => {
  it('looks back a rolling day, week or month, and not at all for all time', () => {
    const now = new Date('2025-03-08T12:00:00Z');
    expect(periodStart('day', now)?.toISOString()).toBe('2025-03-07T12:00:00.000Z');
    expect(periodStart('week', now)?.toISOString()).toBe('2025-03-01T12:00:00.000Z');
    expect(periodStart('month', now)?.toISOString()).toBe('2025-02-06T12:00:00.000Z');
    expect(periodStart('all', now)).toBeNull();
  });
});

describe('topPapers', () => {
  const papers = new Map(
    [
      paper('a', 'Diffusion models for video', 'We generate video with diffusion.'),
      paper('b', 'Diffusion for images', 'Image diffusion.'),
      paper('c', 'Graph networks', 'Message passing.'),
    ].map((p) => [p.id, p]),
  );
  const counts = [
    { paperId: 'a', votes: 5 },
    { paperId: 'gone', votes: 4 },
    { paperId: 'b', votes: 3 },
    { paperId: 'c', votes: 1 },
  ];

  it('keeps the store’s order, leaves out papers no longer in the corpus and counts them', () => {
    const list = topPapers(counts, (id) => papers.get(id));
    expect(list.items.map((i) => [i.paper.id, i.votes])).toEqual([
      ['a', 5],
      ['b', 3],
      ['c', 1],
    ]);
    expect(list.gone).toBe(1);
  });

  it('narrows to a topic with the digest grammar, exclusions included, and stops at the limit', () => {
    expect(topPapers(counts, (id) => papers.get(id), 'diffusion').items.map((i) => i.paper.id)).toEqual(['a', 'b']);
    expect(topPapers(counts, (id) => papers.get(id), 'diffusion -video').items.map((i) => i.paper.id)).toEqual(['b']);
    expect(topPapers(counts, (id) => papers.get(id), '', 2).items).toHaveLength(2);
  });
});
