import { describe, expect, it } from 'vitest';
import {
  describeFilters,
  filterText,
  parseFilters,
  withFilterOptions,
} from '../../../../src/core/search/filter/filter-grammar.js';

describe('parseFilters', () => {
  it('takes every kind of filter out of a question and keeps the rest', () => {
    expect(parseFilters('masked autoencoders author:he since:2022 -video')).toEqual({
      text: 'masked autoencoders',
      filters: { authors: ['he'], venues: [], years: { from: 2022, to: null }, excluded: ['video'] },
      problems: [],
    });
    expect(parseFilters('venue:neurips year:2019..2022 -"point cloud" graphs until:2021').filters).toEqual({
      authors: [],
      venues: ['neurips'],
      years: { from: 2019, to: 2021 },
      excluded: ['point cloud'],
    });
  });

  it('reads quoted values, initials before a name, a value after a space, any case of the key', () => {
    expect(parseFilters('author:"Kaiming He" x').filters.authors).toEqual(['Kaiming He']);
    expect(parseFilters('diffusion author:k. he').filters.authors).toEqual(['k. he']);
    expect(parseFilters('diffusion author:k. he').text).toBe('diffusion');
    expect(parseFilters('AUTHOR: hinton capsules')).toMatchObject({
      text: 'capsules',
      filters: { authors: ['hinton'] },
    });
    expect(parseFilters('venue:"iclr 2024"').filters.venues).toEqual(['iclr 2024']);
  });

  it('reads year ranges: one year, both ends, one open end, a date for since', () => {
    expect(parseFilters('year:2021').filters.years).toEqual({ from: 2021, to: 2021 });
    expect(parseFilters('year:2019-2022').filters.years).toEqual({ from: 2019, to: 2022 });
    expect(parseFilters('year:..2010').filters.years).toEqual({ from: null, to: 2010 });
    expect(parseFilters('since:2023-05-01').filters.years).toEqual({ from: 2023, to: null });
  });

  it('leaves what only looks like a filter in the question', () => {
    for (const text of [
      'arxiv:2309.03576 droppos',
      'self-supervised pre-training',
      'a - b',
      'loss of -3 dB',
      'ratio:"x"',
    ]) {
      const parsed = parseFilters(text);
      expect(parsed.problems).toEqual([]);
      expect(describeFilters(parsed.filters)).toBe('');
      expect(parsed.text).toBe(text);
    }
  });

  it('says what is wrong with a malformed filter, quoting it, instead of ignoring it', () => {
    expect(parseFilters('masks year:20x4').problems).toEqual([
      'year:20x4: expected a year such as 2021 or a range such as 2019..2022',
    ]);
    expect(parseFilters('since:tomorrow').problems).toEqual(['since:tomorrow: expected a year such as 2023']);
    expect(parseFilters('year:2022..2019').problems[0]).toMatch(/backwards/);
    expect(parseFilters('since:2023 until:2020').problems[0]).toMatch(/^until:2020: no year is also since 2023/);
    expect(parseFilters('author:').problems[0]).toMatch(/^author:: author: needs a value/);
    expect(parseFilters('venue:2024').problems[0]).toMatch(/expected a venue name/);
    expect(parseFilters('-author:hinton').problems[0]).toMatch(/only words and "phrases" can be excluded/);
    expect(parseFilters('x -the').problems).toEqual(['-the: "the" is too common a word to exclude']);
  });

  it('writes filters back in the grammar and in words', () => {
    const { filters } = parseFilters('author:"k. he" venue:iclr year:2019..2022 -video -"point cloud"');
    expect(filterText(filters)).toBe('author:"k. he" venue:iclr since:2019 until:2022 -video -"point cloud"');
    expect(parseFilters(filterText(filters)).filters).toEqual(filters);
    expect(describeFilters(filters)).toBe('by k. he · at iclr · 2019–2022 · without “video”, “point cloud”');
  });

  it('appends command options as filters the grammar reads', () => {
    const text = withFilterOptions('masked autoencoders', { author: 'k. he', since: '2022', venue: 'neurips' });
    expect(text).toBe('masked autoencoders author:"k. he" venue:neurips since:2022');
    expect(parseFilters(withFilterOptions('x', { since: 'tomorrow' })).problems).toEqual([
      'since:tomorrow: expected a year such as 2023',
    ]);
  });
});
