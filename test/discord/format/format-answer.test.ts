import { beforeAll, describe, expect, it } from 'vitest';
import { ask, type FoundAnswer } from '../../../src/core/answer/answer.js';
import type { Paper } from '../../../src/core/paper/paper.js';
import { SearchIndex } from '../../../src/core/search/search-index.js';
import { loadCorpus } from '../../../src/corpus/read/load-corpus.js';
import {
  formatAnswer,
  formatCitations,
  formatNoMatch,
  questionFooter,
  questionFromFooters,
} from '../../../src/discord/format/format-answer.js';
import { message } from '../../../src/discord/format/format-message.js';
import { expectInert, expectWithinLimits } from '../message-checks.js';

const CORPUS = new URL('../../fixtures/discord/corpus', import.meta.url).pathname;
let index: SearchIndex;

beforeAll(async () => {
  const corpus = await loadCorpus(CORPUS);
  expect(corpus.problems).toEqual([]);
  index = SearchIndex.build(corpus.papers);
});

function found(question: string, offset = 0): FoundAnswer {
  const answer = ask(index, question, { limit: 3, offset });
  if (answer.kind !== 'answer') throw new Error(`expected an answer for ${question}, got ${answer.reason}`);
  return answer;
}

/** A paper built to overflow every part of an answer. */
function hugePaper(n: number): Paper {
  const sentence = `Overflow masking sentence ${n} ${'with many repeated overflow words '.repeat(40)}ends here.`;
  return {
    id: `huge-${n}`,
    title: `Overflow masking ${'very long title words '.repeat(30)}${n}`,
    text: `${sentence} ${sentence} ${sentence}`,
    topic: null,
    authors: Array.from({ length: 40 }, (_, i) => `Author Number${i} With A Long Name`),
    year: 2024,
    venue: 'A venue '.repeat(40),
    tags: [],
    moreTags: 0,
    links: Array.from({ length: 30 }, (_, i) => ({
      kind: 'url' as const,
      url: `https://example.org/${'p'.repeat(60)}/${i}`,
      label: `mirror number ${i} `.repeat(6),
    })),
    source: { file: 'huge.md', line: 1 },
    pageStarts: null,
    firstSeen: null,
  };
}

describe('formatAnswer', () => {
  it('leads with the best sentence, marks query terms and links the paper title', () => {
    const page = formatAnswer(found('what mask ratio does PRED use for point-wise masking'));
    expect(page.content).toMatch(/^\*\*Best answer\*\* — \[PRED: Pre-training via Semantic Rendering/);
    expect(page.content).toContain('95%');
    expect(page.content).toMatch(/\*\*mask(ing)?\*\*/);
    expect(page.content).toMatch(/\]\(<https:\/\//);
    const first = page.embeds[0]!;
    expect(first.title).toMatch(/^1 · PRED/);
    expect(first.url).toMatch(/^https:\/\//);
    expect(first.fields?.map((f) => f.name)).toEqual(['Why it matched', 'Links']);
    expect(first.fields?.[1]?.value).toContain('github.com/PRED4pc/PRED');
    expectWithinLimits(message(page));
  });

  it('puts the question and the range in the last footer, recoverable exactly', () => {
    const question = 'what mask ratio does PRED use for point-wise masking';
    const page = formatAnswer(found(question));
    const footer = page.embeds.at(-1)!.footer!.text;
    expect(footer).toMatch(/\n(Papers 1–\d of \d+|1 paper)$/);
    expect(questionFromFooters(page.embeds.map((e) => e.footer?.text))).toBe(question);
  });

  it('shows later pages without the best-answer lead, numbered from the offset', () => {
    const page = formatAnswer(found('pre-training', 3));
    expect(page.content).toBe('');
    expect(page.embeds[0]!.title).toMatch(/^4 · /);
  });

  it('renders the hostile paper inert: no pings, no corpus markdown, no masked corpus links', () => {
    const page = formatAnswer(found('zebrafish adversarial masking'));
    expect(page.embeds[0]!.title).toContain('Zebrafish');
    const body = message(page);
    expectInert(body);
    expectWithinLimits(body);
    expect(page.embeds[0]!.description).toContain('@\u200beveryone');
  });

  it('fits an answer built to overflow every field, without the final guard cutting', () => {
    const huge = SearchIndex.build([1, 2, 3].map(hugePaper));
    const answer = ask(huge, 'overflow masking sentence', { limit: 3 });
    if (answer.kind !== 'answer') throw new Error('expected an answer');
    const page = formatAnswer(answer);
    expectWithinLimits(page);
    const guarded = message(page).embeds;
    for (const [i, embed] of page.embeds.entries()) expect(guarded[i]).toEqual(embed);
    expect(page.embeds).toHaveLength(3);
  });
});

describe('questionFooter', () => {
  it('round-trips a question full of mentions through the neutralised footer', () => {
    const question = '@everyone what is <@123456789012345678> doing?';
    const footer = questionFooter(question, 'Papers 1–3 of 5');
    expect(footer).not.toContain('@everyone');
    expect(questionFromFooters([undefined, footer])).toBe(question);
  });

  it('finds nothing in footers that are not ours', () => {
    expect(questionFromFooters(['Paperboy', undefined])).toBeUndefined();
  });
});

describe('formatNoMatch', () => {
  it('says why and offers close words and titles', () => {
    const answer = ask(index, 'maskng ratoi');
    const page = answer.kind === 'no-match' ? formatNoMatch(answer) : undefined;
    if (answer.kind === 'answer') return expect(answer.papers.length).toBeGreaterThan(0);
    expect(page!.embeds[0]!.title).toBe('No paper answers that yet');
    expectWithinLimits(page!);
  });

  it('explains a question of only common words', () => {
    const answer = ask(index, 'what is the');
    expect(answer.kind).toBe('no-match');
    if (answer.kind !== 'no-match') return;
    const page = formatNoMatch(answer);
    expect(page.embeds[0]!.description).toMatch(/only very common words/);
    expect(page.embeds[0]!.description).toMatch(/\/paper/);
  });
});

describe('formatCitations', () => {
  it('puts whole BibTeX entries in one code block and says how many did not fit', () => {
    const papers = Array.from({ length: 12 }, (_, i) => hugePaper(i));
    const page = formatCitations(papers);
    const description = page.embeds[0]!.description!;
    expect(description.startsWith('```bibtex\n@')).toBe(true);
    expect(description).toMatch(/\n```\n\(\d+ more did not fit/);
    expect(description.match(/```/g)).toHaveLength(2);
    expectWithinLimits(page);
  });

  it('cannot be broken out of by backticks in a title', () => {
    const page = formatCitations([{ ...hugePaper(1), title: 'Evil ``` @everyone' }]);
    expect(page.embeds[0]!.description!.match(/```/g)).toHaveLength(2);
  });
});

describe('formatAnswer: what a paper lacks', () => {
  it('adds a "Not in this paper" field naming the missing words, within limits', async () => {
    const { seedPapers } = await import('../../core/search-fixtures.js');
    const seed = SearchIndex.build(await seedPapers());
    const answer = ask(seed, 'what batch size does DropPos use for pre-training');
    if (answer.kind !== 'answer') throw new Error('expected an answer');
    const page = formatAnswer(answer);
    const fields = page.embeds[0]!.fields ?? [];
    expect(fields[0]).toEqual({ name: 'Not in this paper', value: 'DropPos does not mention “batch size”.' });
    expect(fields.find((f) => f.name === 'Why it matched')?.value).toContain('not found: batch, size');
    expectWithinLimits(message(page));
  });
});
