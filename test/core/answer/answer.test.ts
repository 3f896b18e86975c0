import { beforeAll, describe, expect, it } from 'vitest';
import { ask, type Answer, type FoundAnswer } from '../../../src/core/answer/answer.js';
import { SearchIndex } from '../../../src/core/search/search-index.js';
import { termsOf } from '../../../src/core/search/text/tokenize.js';
import { benchPapers, benchQueries, paper, seedPapers } from '../search-fixtures.js';

let seed: SearchIndex;
let bench: SearchIndex;

beforeAll(async () => {
  seed = SearchIndex.build(await seedPapers());
  bench = SearchIndex.build(await benchPapers());
});

function found(answer: Answer): FoundAnswer {
  if (answer.kind !== 'answer') throw new Error(`expected an answer, got ${JSON.stringify(answer)}`);
  return answer;
}

describe('ask', () => {
  it('answers the mask-ratio question from PRED, quoting the 95% sentence with its code link', () => {
    const answer = found(ask(seed, 'what mask ratio does PRED use for point-wise masking'));
    const [top] = answer.papers;
    expect(top?.paper.title).toMatch(/^PRED: Pre-training via Semantic Rendering/);
    expect(top?.sentence.text).toContain('high mask ratio (95%)');
    expect(top?.links).toContainEqual(
      expect.objectContaining({ kind: 'code', url: 'https://github.com/PRED4pc/PRED' }),
    );
  });

  it('returns papers, each with one or two non-overlapping passages and the answering sentence inside the first', () => {
    const answer = found(ask(seed, 'pre-training transformers for offline reinforcement learning', { limit: 5 }));
    expect(answer.papers.length).toBeGreaterThan(0);
    expect(answer.papers.length).toBeLessThanOrEqual(5);
    for (const p of answer.papers) {
      expect(p.passages.length).toBeGreaterThanOrEqual(1);
      expect(p.passages.length).toBeLessThanOrEqual(2);
      const [first, second] = p.passages;
      if (second) expect(second.start >= first!.end || second.end <= first!.start).toBe(true);
      expect(p.sentence.start).toBeGreaterThanOrEqual(first!.start);
      expect(p.sentence.end).toBeLessThanOrEqual(first!.end);
      expect(Number.isFinite(p.score)).toBe(true);
      expect(p.links.length).toBeGreaterThan(0);
    }
    const scores = answer.papers.map((p) => p.score);
    expect(scores).toEqual([...scores].sort((x, y) => y - x));
  });

  it('marks the question words as highlight offsets, not markup', () => {
    const answer = found(ask(seed, 'what mask ratio does PRED use for point-wise masking'));
    const questionTerms = new Set(['mask', 'ratio', 'pred', 'pointwis', 'point', 'wise']);
    const top = answer.papers[0]!;
    for (const text of [top.sentence, top.title, ...top.passages]) {
      expect(text.text).not.toMatch(/\*\*|__/);
      expect(text.highlights.length).toBeGreaterThan(0);
      for (const { start, end } of text.highlights) {
        expect(termsOf(text.text.slice(start, end)).some((t) => questionTerms.has(t))).toBe(true);
      }
    }
  });

  it('says why a paper matched: each question word and the fields it was found in', () => {
    const top = found(ask(seed, 'what mask ratio does PRED use for point-wise masking')).papers[0]!;
    const pred = top.matched.find((m) => m.word === 'PRED');
    expect(pred?.fields).toEqual(['title', 'text']);
    expect(top.matched.find((m) => m.word === 'ratio')?.fields).toEqual(['text']);
    expect(top.matched.filter((m) => m.word === 'point-wise')).toHaveLength(1);
    expect(top.missing).toEqual([]); // `use` is filler: neither evidence nor missing
    expect(top.matched.map((m) => m.word)).not.toContain('use');
  });

  it('corrects a misspelt word to the closest indexed one, and says so', () => {
    const top = found(ask(seed, 'maskng ratoi')).papers[0]!;
    expect(top.paper.title).toMatch(/^PRED/);
    expect(top.matched[0]).toMatchObject({ word: 'maskng', term: 'mask', corrected: true });
  });

  it('returns no-match with suggestions when no paper has the words', () => {
    const answer = ask(seed, 'the capital of france');
    expect(answer.kind).toBe('no-match');
    if (answer.kind !== 'no-match') return;
    expect(answer.reason).toBe('no-match');
    expect(answer.unknown).toEqual(['capital', 'france']);
    expect(answer.suggestions.length).toBeGreaterThan(0);
  });

  it('returns no-match when the best paper shares only a small part of the question', () => {
    const answer = ask(seed, 'what use are hummingbirds, volcanoes and glaciers to pre-training');
    expect(answer.kind).toBe('no-match');
    if (answer.kind === 'no-match') expect(answer.reason).toBe('weak-match');
  });

  it('offers close titles and the corrected words as suggestions', () => {
    const titles = ask(seed, 'asymptotics of glaciers and hummingbirds and volcanoes');
    if (titles.kind !== 'no-match') throw new Error('expected no-match');
    expect(titles.suggestions[0]).toMatchObject({ kind: 'title', text: expect.stringMatching(/^On the Asymptotics/) });
    const words = ask(seed, 'maskng glaciers volcanoes hummingbirds');
    if (words.kind !== 'no-match') throw new Error('expected no-match');
    expect(words.suggestions[0]).toMatchObject({ kind: 'term', text: expect.stringMatching(/^mask/) });
  });

  it('pages through the papers with offset and ends with past-end', () => {
    const first = found(ask(bench, 'robot learning', { limit: 2 }));
    const second = found(ask(bench, 'robot learning', { limit: 2, offset: 2 }));
    expect(second.offset).toBe(2);
    expect(second.papers.map((p) => p.paper.id)).not.toContain(first.papers[0]!.paper.id);
    const end = ask(bench, 'robot learning', { limit: 2, offset: 1000 });
    expect(end).toMatchObject({ kind: 'no-match', reason: 'past-end' });
  });

  it('finds a paper first when the question is a piece of its title', () => {
    for (const query of benchQueries().filter((q) => q.kind === 'title-lookup' && bench.paperById(q.paper!))) {
      const answer = found(ask(bench, query.text, { limit: 5 }));
      expect(answer.papers.map((p) => p.paper.id)).toContain(query.paper);
    }
    const exact = found(ask(bench, 'generalisable 3D scene reconstruction from'));
    expect(exact.papers[0]).toMatchObject({ paper: { id: '3dv2025-05T81ScPFb' }, titleMatch: true });
  });

  it('matches a title phrase even when two of its words are also written as one elsewhere', () => {
    const index = SearchIndex.build([
      paper('joined', 'Graphs', 'Representation-learning on graphs; representation-learning again.'),
      paper('target', 'Self-Supervised Video Representation Learning with Jigsaws', 'We shuffle clips.'),
      ...Array.from({ length: 5 }, (_, i) =>
        paper(`video${i}`, `Video ${i}`, 'Video representation and learning of video representation learning.'),
      ),
    ]);
    const question = index.readQuestion('video representation learning');
    expect(question.terms.some((t) => t.joined && t.term === 'representationlearn')).toBe(true);
    expect(found(ask(index, 'video representation learning')).papers[0]).toMatchObject({
      paper: { id: 'target' },
      titleMatch: true,
    });
  });

  it('never throws and never returns an empty reply, whatever the input', () => {
    const empty = SearchIndex.build([]);
    for (const question of ['', '   ', '???', 'the of and', '"exact" AND (NOT x*)', 'x'.repeat(5000)]) {
      for (const index of [seed, empty]) {
        const answer = ask(index, question);
        if (answer.kind === 'answer') expect(answer.papers.length).toBeGreaterThan(0);
        else if (index === seed) expect(answer.suggestions.length).toBeGreaterThan(0);
      }
    }
  });

  it('quotes what the paper is about when only its title holds the question words', () => {
    const answer = found(ask(seed, 'what is DropPos?'));
    const top = answer.papers[0]!;
    expect(top.paper.title).toMatch(/^DropPos:/);
    expect(top.matched.map((m) => m.fields)).toEqual([['title']]);
    // Of its sentences, the one sharing most words with the title (reconstruct, position), not the first.
    expect(top.sentence.text).toMatch(/^Intuitively, simply discarding these PEs .* reconstruct the position/);
  });

  it('takes a page from the paper with no text by its title alone', () => {
    const index = SearchIndex.build([paper('t', 'Graph Transformers Explained', '')]);
    const top = found(ask(index, 'graph transformers')).papers[0]!;
    expect(top.paper.id).toBe('t');
    expect(top.passages).toHaveLength(1);
  });
});
