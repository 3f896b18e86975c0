import { describe, expect, it } from 'vitest';
import { indexRanker, planDigest, planPreview, summarize, type DigestInput } from '../../../src/core/digest/digest.js';
import { SearchIndex } from '../../../src/core/search/search-index.js';
import type { Paper } from '../../../src/core/paper/paper.js';

const DAY = 86_400_000;
const T0 = Date.parse('2025-03-01T08:00:00.000Z');
const day = (n: number) => new Date(T0 + n * DAY).toISOString();

function paper(
  id: string,
  title: string,
  firstSeenDay: number,
  text = `${title} is studied in this paper at length.`,
): Paper {
  return {
    id,
    title,
    text,
    topic: null,
    authors: ['A. Author'],
    year: 2024,
    venue: null,
    tags: [],
    moreTags: 0,
    links: [{ kind: 'page', url: `https://example.org/${id}`, label: 'page' }],
    source: { file: 'test.txt', line: 1 },
    pageStarts: null,
    firstSeen: day(firstSeenDay),
  };
}

const CORPUS: Paper[] = [
  paper('g1', 'Graph neural networks for molecules', 0),
  paper('g2', 'Graph transformers', 0),
  paper('g3', 'A survey of graph learning', 0),
  paper('v1', 'Vision transformers at scale', 0),
  paper('g4', 'Graph diffusion', 0),
];

function input(overrides: Partial<DigestInput> & { topic?: string; max?: number }): DigestInput {
  return {
    subscription: { id: 1, topic: overrides.topic ?? '', max: overrides.max ?? 2, createdAt: day(0) },
    papers: CORPUS,
    lastDigest: null,
    shown: new Map(),
    now: new Date(day(1)),
    corpusChangedAt: day(0),
    ...overrides,
  };
}

describe('summarize', () => {
  it('takes the first one or two sentences, skipping a heading', () => {
    expect(summarize('Abstract. We study graphs in depth here. It works well. More follows.')).toBe(
      'We study graphs in depth here. It works well.',
    );
  });

  it('stops at one sentence when two would be too long, and cuts a long one at a word', () => {
    expect(summarize('First sentence is long enough. Second one too.', 40)).toBe('First sentence is long enough.');
    expect(summarize('word '.repeat(100).trim() + '.', 30)).toBe('word word word word word word…');
    expect(summarize('')).toBe('');
  });
});

describe('planDigest', () => {
  it('shows papers first seen since the last digest, matching the topic, best first', () => {
    const papers = [...CORPUS, paper('g5', 'Graph pooling', 2, 'A graph method.'), paper('n1', 'Graph graph graph', 2)];
    const plan = planDigest(
      input({ papers, topic: 'graph -survey', lastDigest: { at: day(1), paperIds: ['g1'] }, now: new Date(day(3)) }),
    );
    expect(plan.section).toBe('new');
    expect(plan.items.map((i) => i.id)).toEqual(['n1', 'g5']);
    expect(plan.items[0]).toMatchObject({ summary: 'Graph graph graph is studied in this paper at length.' });
    expect(plan.items[0]!.links[0]!.url).toBe('https://example.org/n1');
  });

  it('counts new papers that did not fit', () => {
    const papers = [...CORPUS, paper('a', 'Graph A', 2), paper('b', 'Graph B', 2), paper('c', 'Graph C', 2)];
    const plan = planDigest(input({ papers, topic: 'graph', max: 2, lastDigest: { at: day(1), paperIds: [] } }));
    expect(plan).toMatchObject({ section: 'new', moreNew: 1 });
  });

  it('with nothing new, rotates through the archive without repeats until all were shown, then starts over', () => {
    const shown = new Map<string, string>();
    let lastDigest: DigestInput['lastDigest'] = null;
    const seen: string[][] = [];
    for (let d = 1; d <= 4; d++) {
      const plan = planDigest(input({ topic: 'graph -survey', max: 2, shown, lastDigest, now: new Date(day(d)) }));
      expect(plan.section).toBe('archive');
      const ids = plan.items.map((i) => i.id);
      seen.push(ids);
      for (const id of ids) shown.set(id, day(d));
      lastDigest = { at: day(d), paperIds: ids };
      expect(plan.restarted).toBe(d >= 3);
    }
    // g1, g2 and g4 match. Day 2 has only the one left unseen: yesterday's two are not repeated.
    expect(seen.map((ids) => ids.length)).toEqual([2, 1, 2, 1]);
    expect(new Set([...seen[0]!, ...seen[1]!])).toEqual(new Set(['g1', 'g2', 'g4']));
    for (let i = 1; i < seen.length; i++) for (const id of seen[i]!) expect(seen[i - 1]).not.toContain(id);
  });

  it('says why an archive digest is empty instead of skipping', () => {
    expect(planDigest(input({ papers: [] })).empty).toBe('no-papers');
    expect(planDigest(input({ topic: 'quantum' })).empty).toBe('no-match');
    const last = { at: day(1), paperIds: ['v1'] };
    const plan = planDigest(input({ topic: 'vision', lastDigest: last, shown: new Map([['v1', day(1)]]) }));
    expect(plan).toMatchObject({ section: 'archive', items: [], empty: 'all-recent', lastDigestAt: day(1) });
  });

  it('does not count papers shown by a manual post as new again', () => {
    const papers = [...CORPUS, paper('g9', 'Graph nine', 2)];
    const plan = planDigest(
      input({ papers, topic: 'graph', lastDigest: { at: day(1), paperIds: [] }, shown: new Map([['g9', day(2)]]) }),
    );
    expect(plan.section).toBe('archive');
    expect(plan.items.map((i) => i.id)).not.toContain('g9');
  });

  it('orders by the search index when given one, still holding papers to the topic', () => {
    const rank = (query: string) => {
      expect(query).toBe('graph');
      return ['g4', 'g3', 'g2', 'v1'];
    };
    const plan = planDigest(input({ topic: 'graph -survey', max: 3, rank }));
    // g3 is excluded by -survey, v1 has no "graph", g1 was not found by the index.
    expect(plan.items.map((i) => i.id)).toEqual(['g4', 'g2']);
  });

  it('an empty topic takes every paper, newest arrivals first', () => {
    const papers = [...CORPUS, paper('z', 'Zebra', -5)];
    const plan = planDigest(input({ papers, max: 10 }));
    expect(plan.items.map((i) => i.id).at(-1)).toBe('z');
    expect(plan.items).toHaveLength(6);
  });

  it('treats papers without a first-seen time as archive, never new', () => {
    const papers = CORPUS.map((p) => ({ ...p, firstSeen: null }));
    expect(planDigest(input({ papers, lastDigest: { at: day(-9), paperIds: [] } })).section).toBe('archive');
  });
});

describe('planPreview', () => {
  it('plans what a new subscription’s first digest would hold, for no subscription', () => {
    const papers = [...CORPUS, paper('g5', 'Graph pooling', 2), paper('v2', 'Vision pooling', 2)];
    const now = new Date(day(3));
    const preview = planPreview({
      preview: { topic: 'graph', max: 2, since: day(1) },
      papers,
      now,
      corpusChangedAt: day(2),
    });
    expect(preview).toMatchObject({ subscriptionId: null, section: 'new', since: day(1), lastDigestAt: null });
    expect(preview.items.map((i) => i.id)).toEqual(['g5']);
    const first = planDigest(input({ topic: 'graph', papers, now, corpusChangedAt: day(2) }));
    expect(preview).toEqual({ ...first, subscriptionId: null, since: day(1) });
  });
});

describe('indexRanker', () => {
  it('ranks with the search index /ask uses, every match best first, nothing for an unknown word', () => {
    const rank = indexRanker(SearchIndex.build(CORPUS));
    expect(rank('graph').slice().sort()).toEqual(['g1', 'g2', 'g3', 'g4']);
    expect(rank('vision')).toEqual(['v1']);
    expect(rank('the')).toEqual([]);
  });
});

describe('planDigest with first-seen times from the store', () => {
  it('reads arrivals from the map, ahead of the papers’ own field', () => {
    const papers = CORPUS.map((p) => ({ ...p, firstSeen: null }));
    const firstSeen = new Map([
      ['g2', day(2)],
      ['g1', day(0)],
    ]);
    const plan = planDigest(input({ papers, firstSeen, topic: 'graph', lastDigest: { at: day(1), paperIds: [] } }));
    expect(plan).toMatchObject({ section: 'new', items: [{ id: 'g2', firstSeen: day(2) }] });
  });
});
