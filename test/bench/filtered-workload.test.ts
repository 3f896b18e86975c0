import { describe, expect, it } from 'vitest';
import { filteredQuestions, followUpFor, FOLLOW_UPS } from '../../src/bench/filtered-workload.js';
import { parseFilters } from '../../src/core/search/filter/filter-grammar.js';
import { compileFacetFilter } from '../../src/core/search/filter/paper-filter.js';

const top = { id: 'cvpr2017-281', authors: ['Tsung-Yi Lin', 'Kaiming He'], venue: 'cvpr', year: 2017 };

describe('filtered questions made from the workload', () => {
  it('gives each question four filters its top paper passes', () => {
    const questions = filteredQuestions([{ id: 'q1', text: 'feature pyramids', top }]);
    expect(questions.map((q) => q.text)).toEqual([
      'feature pyramids author:"Tsung-Yi Lin"',
      'feature pyramids venue:"cvpr 2017"',
      'feature pyramids since:2017',
      'feature pyramids author:"Tsung-Yi Lin" venue:"cvpr" since:2016',
    ]);
    for (const q of questions) {
      const parsed = parseFilters(q.text);
      expect(parsed.problems).toEqual([]);
      expect(parsed.text).toBe('feature pyramids');
      expect(compileFacetFilter(parsed.filters)(top)).toBe(true);
    }
  });

  it('leaves out a kind the top paper cannot lend', () => {
    const kinds = filteredQuestions([{ id: 'q', text: 'x', top: { ...top, venue: null, authors: [] } }]).map(
      (q) => q.kind,
    );
    expect(kinds).toEqual(['since']);
  });

  it('follows each question up in turn', () => {
    expect(followUpFor(0)).toBe('what dataset does it use?');
    expect(followUpFor(FOLLOW_UPS.length)).toBe(followUpFor(0));
  });
});
