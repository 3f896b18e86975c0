import { beforeAll, describe, expect, it } from 'vitest';
import { ask } from '../../../src/core/answer/answer.js';
import { lookup, suggest } from '../../../src/core/answer/lookup.js';
import type { Paper } from '../../../src/core/paper/paper.js';
import { TAIL_COMPACT_MIN } from '../../../src/core/search/engine/layered-index.js';
import { SearchIndex, type IndexChange } from '../../../src/core/search/search-index.js';
import { benchPapers, benchQueries, paper, seedPapers } from '../search-fixtures.js';

/**
 * Papers made from the bench fixture's texts: each joins three abstracts (several chunks) under a title
 * of its own, in a file of its own group, so ids, files and rankings differ from every fixture paper.
 */
function generated(bench: readonly Paper[], from: number, count: number, file: string, tag = ''): Paper[] {
  return Array.from({ length: count }, (_, i) => {
    const n = from + i;
    const parts = [0, 7, 19].map((step) => bench[(n + step) % bench.length]!);
    return paper(
      `gen-${n}${tag}`,
      `${tag ? 'Revised: ' : ''}${parts[0]!.title.split(':')[0]} meets ${parts[1]!.title.split(' ').slice(0, 3).join(' ')}`,
      parts.map((p) => p.text).join('\n\n'),
      {
        authors: [`Author ${n}`, `Writer ${n % 5}`],
        year: 2000 + (n % 25),
        venue: n % 2 === 0 ? 'Generated Conference' : null,
        source: { file, line: i + 1 },
      },
    );
  });
}

/** Every paper the index finds for a question, with its score and its chunks' ids and scores. */
function ranking(index: SearchIndex, question: string) {
  const read = index.readQuestion(question);
  const ranked = index.rank(read, { limit: index.paperCount + 1, chunksPerPaper: 1000 });
  return {
    terms: read.terms,
    unknown: read.unknown,
    total: ranked.total,
    papers: ranked.papers
      .map((p) => ({
        id: p.paper.id,
        score: p.score,
        titleMatch: p.titleMatch,
        matched: p.matched.map((t) => t.term),
        chunks: p.chunks.map((c) => ({ id: index.chunk(c.ordinal).id, score: c.score })),
      }))
      // Ties aside: papers with equal scores may come in either order.
      .sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : 1)),
  };
}

function expectSameRanking(updated: SearchIndex, fresh: SearchIndex, question: string): void {
  const got = ranking(updated, question);
  const want = ranking(fresh, question);
  expect({ ...got, papers: [] }, question).toEqual({ ...want, papers: [] });
  expect(
    got.papers.map((p) => p.id),
    question,
  ).toEqual(want.papers.map((p) => p.id));
  got.papers.forEach((p, i) => {
    const w = want.papers[i]!;
    expect(Math.abs(p.score - w.score), `${question}: ${p.id}`).toBeLessThanOrEqual(1e-9);
    expect(p.chunks.map((c) => c.id)).toEqual(w.chunks.map((c) => c.id));
    p.chunks.forEach((c, j) => expect(Math.abs(c.score - w.chunks[j]!.score)).toBeLessThanOrEqual(1e-9));
    expect({ titleMatch: p.titleMatch, matched: p.matched }).toEqual({ titleMatch: w.titleMatch, matched: w.matched });
  });
}

/** Everything a reader can see of the index, compared with an index built afresh from `papers`. */
function expectLikeFreshBuild(updated: SearchIndex, papers: readonly Paper[], questions: readonly string[]): void {
  const fresh = SearchIndex.build(papers);
  expect(updated.papers).toEqual(papers);
  expect(updated.paperCount).toBe(papers.length);
  expect(updated.paperIds).toEqual(papers.map((p) => p.id));
  expect(updated.paperTitles).toEqual(papers.map((p) => p.title));
  expect(updated.chunkCount).toBe(fresh.chunkCount);
  expect(updated.stats().averageChunkLength).toBe(fresh.stats().averageChunkLength);
  for (const p of papers) expect(updated.paperById(p.id)).toBe(p);
  for (const file of new Set(papers.map((p) => p.source.file))) {
    expect(updated.idsOfFile(file)).toEqual(papers.filter((p) => p.source.file === file).map((p) => p.id));
  }
  for (const question of questions) {
    expectSameRanking(updated, fresh, question);
    // The same papers in the same relative order, so even ties come out alike.
    expect(ask(updated, question, { limit: 5 }), question).toEqual(ask(fresh, question, { limit: 5 }));
    expect(lookup(updated, question), question).toEqual(lookup(fresh, question));
    for (const length of [1, 3, 6, 12]) {
      const prefix = question.slice(0, length);
      expect(suggest(updated, prefix), prefix).toEqual(suggest(fresh, prefix));
    }
  }
}

let seed: Paper[];
let bench: Paper[];
let questions: string[];

beforeAll(async () => {
  seed = await seedPapers();
  bench = await benchPapers();
  questions = [
    'what mask ratio does PRED use for point-wise masking',
    'maskng ratoi',
    'the capital of france',
    'pre training',
    'data set for robots',
    ...benchQueries().map((q) => q.text),
    ...generated(bench, 0, 40, 'x').map((p) => p.title),
    ...generated(bench, 0, 8, 'x', 'r').map((p) => p.title.toLowerCase()),
    'Author 3',
    'writer 4 generated conference',
    'Generated Conf',
  ];
});

describe('SearchIndex.update', () => {
  it('after rounds of adds, replacements and removals, answers as an index built afresh from the result', () => {
    const base = [...seed, ...bench.slice(0, 30)];
    const index = SearchIndex.build(base);
    let papers = [...base];
    const apply = (change: IndexChange) => {
      const removed = new Set(change.remove ?? []);
      const added = new Map((change.add ?? []).map((p) => [p.id, p]));
      papers = [...papers.filter((p) => !removed.has(p.id) && !added.has(p.id)), ...added.values()];
      return index.update(change);
    };
    const [first, second] = [base[1]!, base[8]!];
    const wave = generated(bench, 0, 12, 'wave-1.txt');

    expect(apply({ add: wave })).toEqual({ added: wave.map((p) => p.id), removed: [], replaced: [], unchanged: [] });
    expect(index.version).toBe(1);
    expectLikeFreshBuild(index, papers, questions);

    // A base paper and a tail paper leave; a base paper and a tail paper are replaced; an unknown id is ignored.
    const revisedBase = {
      ...second,
      text: `${second.text} Revised with a note on zebra stripes.`,
      title: `${second.title} (revised)`,
    };
    const revisedTail = generated(bench, 3, 1, 'wave-1.txt', 'r').map((p) => ({ ...p, id: wave[3]!.id }))[0]!;
    expect(
      apply({
        remove: [first.id, wave[5]!.id, 'no-such-paper'],
        add: [revisedBase, revisedTail, ...bench.slice(30, 40)],
      }),
    ).toEqual({
      added: bench.slice(30, 40).map((p) => p.id),
      removed: [first.id, wave[5]!.id],
      replaced: [second.id, wave[3]!.id],
      unchanged: [],
    });
    expect(index.version).toBe(2);
    expect(index.paperById(first.id)).toBeUndefined();
    expect(index.ordinalOf(wave[5]!.id)).toBeUndefined();
    expectLikeFreshBuild(index, papers, [...questions, 'zebra stripes']);

    // A removed id comes back, a whole file goes, and the tail paper replaced before is replaced again.
    const waveFile = index.idsOfFile('wave-1.txt');
    apply({
      remove: [...waveFile.filter((id) => id !== wave[3]!.id), ...bench.slice(0, 10).map((p) => p.id)],
      add: [first, { ...revisedTail, text: 'Only a short text now, about origami folding robots.' }],
    });
    apply({ add: generated(bench, 20, 15, 'wave-2.txt') });
    expect(index.version).toBe(4);
    expect(index.idsOfFile('wave-1.txt')).toEqual([wave[3]!.id]);
    expectLikeFreshBuild(index, papers, [...questions, 'origami folding', 'zebra stripes']);
  });

  it('empties and refills: no papers left answers like an empty index, then like the papers added', () => {
    const index = SearchIndex.build(seed);
    index.update({ remove: seed.map((p) => p.id) });
    expectLikeFreshBuild(index, [], questions.slice(0, 10));
    expect(ask(index, 'masking').kind).toBe('no-match');
    const refill = [...bench.slice(0, 5), paper('empty-text', 'A Paper With No Text At All', '')];
    index.update({ add: refill });
    expectLikeFreshBuild(index, refill, [...questions.slice(0, 10), 'paper with no text']);
  });

  it('drops the postings of papers replaced again and again, and still answers as a fresh build', () => {
    const index = SearchIndex.build(bench.slice(0, 20));
    let papers = bench.slice(0, 20);
    let compactions = 0;
    for (let round = 0; compactions < 2; round++) {
      const wave = generated(bench, round * 7, 60, 'churn.txt', `v${round}`).map((p, i) => ({
        ...p,
        id: `churn-${i}`,
      }));
      const before = index.stats().tailPostings.dead;
      index.update({ add: wave });
      if (index.stats().tailPostings.dead < before) compactions++;
      papers = [...bench.slice(0, 20), ...wave];
      expect(round).toBeLessThan(100);
    }
    const { all, dead } = index.stats().tailPostings;
    expect(dead).toBeLessThan(Math.max(TAIL_COMPACT_MIN, all / 2));
    expectLikeFreshBuild(index, papers, questions.slice(0, 20));
  });

  it('keeps the ordinals of papers that stay, and never reuses a removed one', () => {
    const index = SearchIndex.build(bench.slice(0, 10));
    const kept = bench[4]!.id;
    const ordinal = index.ordinalOf(kept);
    index.update({ remove: [bench[2]!.id], add: [bench[20]!, { ...bench[2]!, title: 'Back Again' }] });
    expect(index.ordinalOf(kept)).toBe(ordinal);
    expect(index.paper(ordinal!).id).toBe(kept);
    expect(index.ordinalOf(bench[2]!.id)).toBe(11);
    expect(index.paper(11).title).toBe('Back Again');
  });

  it('leaves a paper added exactly as it is indexed where it is, and replaces one that differs in any field', () => {
    const index = SearchIndex.build(bench.slice(0, 10));
    const same = JSON.parse(JSON.stringify(bench[3])) as Paper;
    const moved = { ...bench[4]!, source: { ...bench[4]!.source, line: 99 } };
    expect(index.update({ add: [same, moved] })).toEqual({
      added: [],
      removed: [],
      replaced: [moved.id],
      unchanged: [same.id],
    });
    expect(index.ordinalOf(same.id)).toBe(3);
    expect(index.ordinalOf(moved.id)).toBe(10);
    expect(index.changes()).toEqual({ removed: [moved.id], added: [moved] });
  });

  it('counts a version for every update, even one that changes nothing', () => {
    const index = SearchIndex.build(seed);
    expect(index.version).toBe(0);
    expect(index.update({ remove: ['unknown'] })).toEqual({ added: [], removed: [], replaced: [], unchanged: [] });
    expect(index.version).toBe(1);
    expect(index.changes()).toEqual({ removed: [], added: [] });
  });

  it('says what changed since the base: base papers removed (replaced ones too) and live papers added, in order', () => {
    const index = SearchIndex.build(bench.slice(0, 10));
    const replacement = { ...bench[1]!, title: 'Replaced' };
    index.update({ remove: [bench[0]!.id], add: [bench[30]!, replacement, bench[31]!] });
    index.update({ remove: [bench[31]!.id] });
    expect(index.changes()).toEqual({ removed: [bench[0]!.id, bench[1]!.id], added: [bench[30]!, replacement] });
  });
});
