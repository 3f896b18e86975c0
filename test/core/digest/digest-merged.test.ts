import { describe, expect, it } from 'vitest';
import { planDigest, type DigestInput } from '../../../src/core/digest/digest.js';
import { mergeSameWorks } from '../../../src/core/paper/merge-papers.js';
import type { Paper } from '../../../src/core/paper/paper.js';

const DAY = 86_400_000;
const T0 = Date.parse('2025-03-01T08:00:00.000Z');
const day = (n: number) => new Date(T0 + n * DAY).toISOString();

// Titles, first authors and venues of real duplicates in the paperlists corpus (test/fixtures/corpus/same-work).
function paper(id: string, file: string, title: string, author: string, venue: string, year: number): Paper {
  return {
    id,
    title,
    text: `${title} is studied in this paper at length.`,
    topic: null,
    authors: [author],
    year,
    venue,
    tags: [],
    moreTags: 0,
    links: [{ kind: 'page', url: `https://example.org/${id}`, label: 'page' }],
    source: { file, line: 1 },
    pageStarts: null,
    firstSeen: null,
  };
}

const WORKSHOP = paper(
  'iclr2013-q',
  'b-iclr.jsonl',
  'Zero-Shot Learning Through Cross-Modal Transfer',
  'Richard Socher',
  'iclr',
  2013,
);
const CONFERENCE = paper(
  'nips2013-3839',
  'a-nips.jsonl',
  'Zero-shot learning through cross-modal transfer',
  'R. Socher',
  'nips',
  2013,
);
const OTHER = paper('rss2013-9', 'c-rss.jsonl', 'Deep Learning for Detecting Robotic Grasps', 'Ian Lenz', 'rss', 2013);

function input(overrides: Partial<DigestInput>): DigestInput {
  return {
    subscription: { id: 1, topic: '', max: 5, createdAt: day(0) },
    papers: [],
    lastDigest: null,
    shown: new Map(),
    now: new Date(day(3)),
    corpusChangedAt: day(2),
    ...overrides,
  };
}

describe('digests of a corpus whose papers were merged', () => {
  it('never lists the same work twice', () => {
    const { papers } = mergeSameWorks([WORKSHOP, CONFERENCE, OTHER]);
    const firstSeen = new Map([WORKSHOP, CONFERENCE, OTHER].map((p) => [p.id, day(1)] as const));
    const plan = planDigest(input({ papers, firstSeen }));
    expect(plan.section).toBe('new');
    expect(plan.items.map((i) => i.id)).toEqual(['nips2013-3839', 'rss2013-9']);
  });

  it('does not call new a work merged with one already posted, though its id is new', () => {
    // The workshop paper was posted on day 1; the conference version arrives on day 2 and its file comes first,
    // so the merged work now goes by the conference version's id.
    const { papers } = mergeSameWorks([WORKSHOP, CONFERENCE, OTHER]);
    const firstSeen = new Map([
      [WORKSHOP.id, day(0.5)],
      [CONFERENCE.id, day(2)],
      [OTHER.id, day(2)],
    ]);
    const plan = planDigest(
      input({
        papers,
        firstSeen,
        lastDigest: { at: day(1), paperIds: [WORKSHOP.id] },
        shown: new Map([[WORKSHOP.id, day(1)]]),
      }),
    );
    expect(plan.section).toBe('new');
    expect(plan.items.map((i) => i.id)).toEqual(['rss2013-9']);
    expect(plan.moreNew).toBe(0);
  });

  it('keeps a work shown under an old id out of the archive until every other was shown', () => {
    const { papers } = mergeSameWorks([WORKSHOP, CONFERENCE, OTHER]);
    const plan = planDigest(
      input({
        papers,
        firstSeen: new Map(),
        lastDigest: { at: day(2), paperIds: [] },
        shown: new Map([[WORKSHOP.id, day(1)]]),
      }),
    );
    expect(plan.section).toBe('archive');
    expect(plan.items.map((i) => i.id)).toEqual(['rss2013-9', 'nips2013-3839']);
    expect(plan.restarted).toBe(true);
  });
});
