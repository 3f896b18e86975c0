import { describe, expect, it } from 'vitest';
import { burstTexts, goesToAsk, parseWorkload } from '../../src/bench/workload.js';

const line = (fields: object): string => JSON.stringify(fields);

describe('parseWorkload', () => {
  it('reads questions, title lookups and prefixes, skipping blank lines', () => {
    const text = [
      line({ _id: 'q1', text: 'why does batch norm help', kind: 'question' }),
      '',
      line({ _id: 'q2', text: 'wheel slip detection', kind: 'title-lookup', paper: 'icra2007-1' }),
      line({ _id: 'q3', text: 'Stoch', kind: 'prefix', paper: 'aistats2019-2' }),
    ].join('\n');
    expect(parseWorkload(text, 'q.jsonl')).toEqual([
      { id: 'q1', text: 'why does batch norm help', kind: 'question', paper: null },
      { id: 'q2', text: 'wheel slip detection', kind: 'title-lookup', paper: 'icra2007-1' },
      { id: 'q3', text: 'Stoch', kind: 'prefix', paper: 'aistats2019-2' },
    ]);
  });

  it('names the file and line of a bad kind, a bad line and a duplicate id', () => {
    const good = line({ _id: 'q1', text: 'x', kind: 'question' });
    expect(() => parseWorkload(`${good}\n${line({ _id: 'q2', text: 'x', kind: 'fuzzy' })}`, 'q.jsonl')).toThrow(
      /^bench: q\.jsonl:2: kind: /,
    );
    expect(() => parseWorkload(`${good}\n{oops`, 'q.jsonl')).toThrow('bench: q.jsonl:2: not JSON: "{oops"');
    expect(() => parseWorkload(`${good}\n${good}`, 'q.jsonl')).toThrow('bench: q.jsonl:2: duplicate _id "q1"');
    expect(() => parseWorkload('\n\n', 'empty.jsonl')).toThrow('bench: empty.jsonl: no queries');
  });
});

describe('goesToAsk', () => {
  it('sends questions and title lookups to ask, prefixes to suggest', () => {
    expect(goesToAsk({ kind: 'question' })).toBe(true);
    expect(goesToAsk({ kind: 'title-lookup' })).toBe(true);
    expect(goesToAsk({ kind: 'prefix' })).toBe(false);
  });
});

describe('burstTexts', () => {
  const queries = parseWorkload(
    [
      line({ _id: 'l1', text: 'lookup one', kind: 'title-lookup', paper: 'p1' }),
      line({ _id: 'q1', text: 'question one', kind: 'question' }),
      line({ _id: 'p1', text: 'Pre', kind: 'prefix', paper: 'p1' }),
      line({ _id: 'q2', text: 'question two', kind: 'question' }),
    ].join('\n'),
    'q.jsonl',
  );

  it('takes questions first, then title lookups, never prefixes', () => {
    expect(burstTexts(queries, 3)).toEqual(['question one', 'question two', 'lookup one']);
  });

  it('repeats them only when the burst is larger than the workload', () => {
    expect(burstTexts(queries, 5)).toEqual([
      'question one',
      'question two',
      'lookup one',
      'question one',
      'question two',
    ]);
  });
});
