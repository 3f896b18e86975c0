import { beforeAll, describe, expect, it } from 'vitest';
import { ask, type Answer, type FoundAnswer } from '../../../src/core/answer/answer.js';
import { contentWords, isFiller, missingNote, paperNames } from '../../../src/core/answer/question-words.js';
import { SearchIndex } from '../../../src/core/search/search-index.js';
import { paper, seedPapers } from '../search-fixtures.js';

let seed: SearchIndex;

beforeAll(async () => {
  seed = SearchIndex.build(await seedPapers());
});

function found(answer: Answer): FoundAnswer {
  if (answer.kind !== 'answer') throw new Error(`expected an answer, got ${JSON.stringify(answer)}`);
  return answer;
}

describe('question words', () => {
  it('treats the words that frame a question as filler, by stem', () => {
    expect(
      ['paper', 'papers', 'uses', 'using', 'study', 'proposes', 'method', 'approach', 'shows'].every(isFiller),
    ).toBe(true);
    expect(['DropPos', 'diffusion', 'batch', 'the'].some(isFiller)).toBe(false);
    expect(contentWords('Which paper uses occupancy prediction, which Prediction?')).toEqual([
      'occupancy',
      'prediction',
    ]);
  });

  it('names a paper by its id, its name-like title words, its title lead, and what its text defines', () => {
    const names = paperNames(
      paper('p-1', 'DropPos: Pre-Training ViT Models', 'In this work we propose Graphormer, built on the Transformer.'),
    );
    expect([...names].sort()).toEqual(['droppos', 'graphormer', 'p-1', 'vit']);
  });

  it('says what a paper does not mention, adjacent missing words as one phrase', () => {
    const title = { title: 'DropPos: Pre-Training Vision Transformers by Reconstructing Dropped Positions' };
    expect(missingNote('what batch size does DropPos use for pre-training', title, ['batch', 'size'])).toBe(
      'DropPos does not mention “batch size”.',
    );
    expect(missingNote('how does X avoid trivial solutions', { title: 'A long title' }, ['avoid', 'solutions'])).toBe(
      'This paper does not mention “avoid”, “solutions”.',
    );
    expect(missingNote('anything', title, [])).toBeUndefined();
  });
});

describe('ask: honest coverage', () => {
  it('lists as missing exactly the content words a found paper lacks, as typed, and no filler', () => {
    const top = found(ask(seed, 'what batch size does DropPos use for pre-training')).papers[0]!;
    expect(top.paper.title).toMatch(/^DropPos/);
    expect(top.missing).toEqual(['batch', 'size']); // `batch` is not read as `patch`
    expect(top.matched.map((m) => m.word)).toEqual(['DropPos', 'pre-training']);
  });

  it('keeps missing empty for the first paper of a question the papers answer', () => {
    for (const question of ['what mask ratio does PRED use for point-wise masking', 'group symmetry pre-training']) {
      expect(found(ask(seed, question)).papers[0]!.missing).toEqual([]);
    }
  });

  it('answers no-match naming the words no paper contains when the subject is absent', () => {
    const answer = ask(seed, 'which paper uses occupancy prediction');
    expect(answer).toMatchObject({ kind: 'no-match', reason: 'no-match', unknown: ['occupancy', 'prediction'] });
    if (answer.kind === 'no-match') expect(answer.suggestions.length).toBeGreaterThan(0);
  });

  it('never lets a word of the corpus stand in for an English word it lacks', () => {
    const answer = ask(seed, 'which paper uses diffusion models');
    expect(answer.kind === 'no-match' ? answer.unknown : []).toContain('diffusion');
    const papers = answer.kind === 'answer' ? answer.papers : [];
    for (const p of papers) expect(p.missing).toContain('diffusion');
  });
});

describe('ask: a named paper is never lost', () => {
  it('answers from the paper a question names, marking what it lacks', () => {
    const top = found(ask(seed, 'how does DropPos avoid trivial solutions')).papers[0]!;
    expect(top.paper.title).toMatch(/^DropPos/);
    expect(top.missing).toContain('trivial');
    expect(top.matched.some((m) => m.corrected)).toBe(false);
  });

  it('answers from a paper by a name its text defines', () => {
    const top = found(ask(seed, 'how does Graphormer handle hummingbirds volcanoes and glaciers')).papers[0]!;
    expect(top.paper.title).toMatch(/^Do Transformers Really Perform Badly/);
    expect(top.missing).toEqual(['handle', 'hummingbirds', 'volcanoes', 'glaciers']);
  });
});

describe('ask: a paper named by its id', () => {
  it('answers from it first, its id neither missing nor unknown', () => {
    const id = 'f1c1592588411002af340cbaedd6fc33';
    const top = found(ask(seed, `what does ${id} say about hummingbirds`)).papers[0]!;
    expect(top.paper.id).toBe(id);
    expect(top.missing).toContain('hummingbirds');
    expect(top.missing).not.toContain(id);
    const alone = found(ask(seed, id));
    expect(alone.papers.map((p) => p.paper.id)).toEqual([id]);
  });
});

describe('ask: bad input gets a clear reply, never an error', () => {
  it.each([
    ['all filler', 'which paper uses the method', 'no-terms'],
    ['all stop words', 'what is the of and', 'no-terms'],
    ['one character', 'x', 'no-terms'],
    ['emoji', '🚀🔥 🤖', 'no-terms'],
    ['Chinese', '图神经网络的预训练', 'no-match'],
    ['Arabic', 'ما هو التعلم العميق', 'no-match'],
    ['mathematical notation', '∀x ∈ ℝ: f(x) = x² + ε', 'no-match'],
    ['2,000 characters of nonsense', 'qzxv wplk '.repeat(200), 'no-match'],
  ])('%s', (_kind, question, reason) => {
    const answer = ask(seed, question);
    expect(answer).toMatchObject({ kind: 'no-match', reason });
    if (answer.kind === 'no-match') expect(answer.suggestions.length).toBeGreaterThan(0);
  });

  it('answers a 2,000-character question made of real words', () => {
    const question = 'what mask ratio does PRED use for point-wise masking '.repeat(38).slice(0, 2000);
    expect(found(ask(seed, question)).papers[0]!.paper.title).toMatch(/^PRED/);
  });
});

describe('ask: a bare number is not a paper id', () => {
  it('reads a number in a question as a number even when a paper has it as id', () => {
    const index = SearchIndex.build([
      paper('42', 'Answers about everything', 'Deep thought computed for a long while.'),
      paper('p2', 'Batch sizes of 42 examples', 'We train with a batch size of 42.'),
    ]);
    expect(found(ask(index, 'batch size 42')).papers[0]!.paper.id).toBe('p2');
  });
});
