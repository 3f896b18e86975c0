import { beforeAll, describe, expect, it } from 'vitest';
import { ask } from '../../src/core/answer/answer.js';
import { SearchIndex } from '../../src/core/search/search-index.js';
import { formatAnswer, PLAIN } from '../../src/terminal/format-answer.js';
import { seedPapers } from '../core/search-fixtures.js';

// Issue 12's examples as the terminal prints them (piped, plain), on the seed corpus.

let index: SearchIndex;
beforeAll(async () => {
  index = SearchIndex.build(await seedPapers());
});

const say = (question: string) => formatAnswer(ask(index, question), PLAIN);

describe('terminal: answers you can trust', () => {
  it('names the words no paper contains, and suggests papers, for occupancy prediction', () => {
    const text = say('which paper uses occupancy prediction');
    expect(text).toContain('No paper contains: occupancy, prediction\n');
    expect(text).toContain('Papers you could ask about:\n  - ');
  });

  it('says no paper contains "diffusion"', () => {
    expect(say('which paper uses diffusion models')).toContain('No paper contains: diffusion\n');
  });

  it('answers "how does DropPos avoid trivial solutions" with DropPos and what it lacks', () => {
    const text = say('how does DropPos avoid trivial solutions');
    expect(text).toMatch(/^Papers 1–\d+ of \d+\n\n1\. DropPos: /);
    expect(text).toContain('note: DropPos does not mention “avoid trivial solutions”.');
    expect(text).toMatch(/why: DropPos \(title\) · not found: avoid, trivial, solutions · score/);
  });

  it('says nothing is missing when PRED answers the mask ratio, and lists every word found and where', () => {
    const text = say('what mask ratio does PRED use for point-wise masking');
    expect(text).toMatch(/^Papers 1–\d+ of \d+\n\n1\. PRED: /);
    expect(text).not.toContain('does not mention');
    expect(text).not.toContain('not found');
    expect(text).toMatch(
      /why: mask \(text\), ratio \(text\), PRED \(title\+text\), point-wise \(title\+text\) · score/,
    );
  });
});
