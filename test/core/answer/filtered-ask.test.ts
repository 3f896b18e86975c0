import { beforeAll, describe, expect, it } from 'vitest';
import { ask, type Answer } from '../../../src/core/answer/answer.js';
import { SearchIndex } from '../../../src/core/search/search-index.js';
import { selectPapers } from '../../../src/core/search/filter/filter-selection.js';
import { parseFilters } from '../../../src/core/search/filter/filter-grammar.js';
import { authorChoices, venueChoices } from '../../../src/core/search/filter/facet-choices.js';
import { paperFacets, prepareFacets } from '../../../src/core/search/filter/paper-facets.js';
import type { Paper } from '../../../src/core/paper/paper.js';
import { benchPapers, paper } from '../search-fixtures.js';

const ids = (answer: Answer) => (answer.kind === 'answer' ? answer.papers.map((p) => p.paper.id) : []);

describe('ask with filters (the 49 real papers of the bench fixture)', () => {
  let papers: Paper[];
  let index: SearchIndex;
  beforeAll(async () => {
    papers = await benchPapers();
    index = SearchIndex.build(papers);
  });

  it('ranks the papers that pass as without filters, leaving the others out', () => {
    const question = 'robot control';
    const all = ask(index, question, { limit: 49 });
    const filtered = ask(index, `${question} venue:icra since:2010`, { limit: 49 });
    const passes = (id: string) => {
      const p = papers.find((x) => x.id === id)!;
      return p.venue === 'icra' && p.year! >= 2010;
    };
    expect(ids(filtered).length).toBeGreaterThan(1);
    expect(ids(filtered).every(passes)).toBe(true);
    expect(ids(filtered)).toEqual(ids(all).filter(passes).slice(0, ids(filtered).length));
    expect(filtered.kind === 'answer' && filtered.filters?.description).toBe('at icra · since 2010');
  });

  it('a question without filters carries no filters field (the same answer as before)', () => {
    expect('filters' in ask(index, 'robot control')).toBe(false);
  });

  it('matches authors as typed: accents, initials', () => {
    expect(ids(ask(index, 'gaussian process author:quinonero'))).toEqual(['nips2002-b6be38b567']);
    expect(ids(ask(index, 'gaussian process author:"c. e. rasmussen"'))).toEqual(['nips2002-b6be38b567']);
    expect(ids(ask(index, 'gaussian process author:"j. rasmussen"'))).toEqual([]);
  });

  it('reads nips as neurips and a venue with its year', () => {
    expect(ids(ask(index, 'gradient venue:neurips'))).toContain('nips2018-11577');
    expect(ids(ask(index, 'gradient venue:"neurips 2018"'))).toEqual(['nips2018-11577']);
    expect(ask(index, 'gradient venue:"neurips 2017"')).toMatchObject({ kind: 'no-match', reason: 'filtered' });
  });

  it('drops papers with an excluded word or phrase', () => {
    const with_ = ids(ask(index, 'robot', { limit: 49 }));
    const without = ids(ask(index, 'robot -underwater', { limit: 49 }));
    expect(with_).toContain('icra2012-6224685');
    const underwater = (id: string) => /underwater/i.test(JSON.stringify(papers.find((p) => p.id === id)));
    expect(without).toEqual(with_.filter((id) => !underwater(id)));
    expect(ids(ask(index, 'liquid acceleration'))).toContain('icra2007-4209538');
    expect(ids(ask(index, 'liquid acceleration -"liquid surface"'))).not.toContain('icra2007-4209538');
    expect(ids(ask(index, 'liquid acceleration -"surface liquid"'))).toContain('icra2007-4209538');
  });

  it('says which filter emptied the result, with a close name from the corpus', () => {
    const typo = ask(index, 'robots author:rasmusen');
    expect(typo).toMatchObject({ kind: 'no-match', reason: 'filtered' });
    expect(typo.filters?.emptiedBy).toBe("no paper by 'rasmusen' — did you mean Carl Edward Rasmussen?");
    expect(ask(index, 'x venue:nuerips').filters?.emptiedBy).toBe("no paper at 'nuerips' — did you mean nips?");
    expect(ask(index, 'x year:2030').filters?.emptiedBy).toBe('no paper in 2030 (the papers run from 1990 to 2025)');
    expect(ask(index, 'x author:rasmussen venue:icra').filters?.emptiedBy).toBe(
      "no paper at 'icra' is also by 'rasmussen' (1 paper is by 'rasmussen')",
    );
    const question = ask(index, 'submarine author:rasmussen');
    expect(question).toMatchObject({ kind: 'no-match', reason: 'no-match' });
    expect(question.filters?.emptiedBy).toBe('none of the one paper by rasmussen answers it');
  });

  it('answers a malformed filter with what is wrong, never a crash', () => {
    const answer = ask(index, 'robots year:20x4 since:tomorrow');
    expect(answer).toMatchObject({ kind: 'no-match', reason: 'bad-filter' });
    expect(answer.filters?.problems).toEqual([
      'year:20x4: expected a year such as 2021 or a range such as 2019..2022',
      'since:tomorrow: expected a year such as 2023',
    ]);
  });

  it('pages through the filtered papers only', () => {
    const first = ask(index, 'robot since:2015', { limit: 2 });
    const second = ask(index, 'robot since:2015', { limit: 2, offset: 2 });
    expect(first.kind === 'answer' && second.kind === 'answer' && first.total === second.total).toBe(true);
    expect(ids(second).some((id) => ids(first).includes(id))).toBe(false);
  });

  it('offers the corpus authors and venues for a half-typed name', () => {
    expect(authorChoices(index, 'rasm', 5)).toEqual([{ text: 'Carl Edward Rasmussen', papers: 1 }]);
    expect(authorChoices(index, 'carl ras', 5).map((c) => c.text)).toEqual(['Carl Edward Rasmussen']);
    expect(venueChoices(index, 'ic', 3)).toEqual([
      { text: 'icra', papers: 10 },
      { text: 'icml', papers: 2 },
      { text: 'iccv', papers: 1 },
    ]);
    expect(venueChoices(index, 'neur', 3)).toEqual([{ text: 'nips', papers: 5 }]);
  });
});

describe('filters on a changing index', () => {
  it('see papers added and removed since the last filtered question', () => {
    const a = paper('a', 'Robot grasping', 'grasping objects', { authors: ['Ada Lovelace'], year: 2020 });
    const b = paper('b', 'Robot walking', 'walking robots', { authors: ['Alan Turing'], year: 2021 });
    const index = SearchIndex.build([a]);
    expect(selectPapers(index, parseFilters('author:turing').filters).count).toBe(0);
    index.update({ add: [b] });
    expect(ids(ask(index, 'robot author:turing'))).toEqual(['b']);
    index.update({ remove: ['b'] });
    expect(ask(index, 'robot author:turing')).toMatchObject({ kind: 'no-match', reason: 'filtered' });
  });

  it('are built ahead a slice per turn, and count what was removed', async () => {
    const papers = [1, 2, 3, 4, 5].map((n) =>
      paper(`p${n}`, `Paper ${n}`, 'text', {
        authors: ['Ada Lovelace'],
        venue: n % 2 ? 'ICML' : 'NeurIPS',
        year: 2020 + n,
      }),
    );
    const index = SearchIndex.build(papers);
    const turns: Array<() => void> = [];
    let finished = false;
    const done = prepareFacets(index, (next) => turns.push(next), 2).then(() => (finished = true));
    let count = 0;
    while (!finished) {
      await new Promise((resolve) => setImmediate(resolve));
      const next = turns.shift();
      if (next) {
        count++;
        next();
      }
    }
    await done;
    expect(count).toBe(2); // 5 papers, 2 a turn: 2, 2 then 1
    expect(paperFacets(index).years[index.ordinalOf('p5')!]).toBe(2025);
    expect(authorChoices(index, 'ada', 5)).toEqual([{ text: 'Ada Lovelace', papers: 5 }]);
    index.update({ remove: ['p1', 'p3'] });
    expect(authorChoices(index, 'ada', 5)).toEqual([{ text: 'Ada Lovelace', papers: 3 }]);
    expect(venueChoices(index, 'icml', 5)).toEqual([{ text: 'ICML', papers: 1 }]);
  });
});

describe('a question copied from inside a hyphenated title', () => {
  const papers = [
    paper('se3', 'SE(3)-Equivariant Point Cloud-Based Place Recognition', 'Place recognition from point clouds.'),
    paper('plain', 'Point Cloud-Based Place Recognition at Scale', 'Place recognition from point clouds, at scale.'),
    paper('equi', 'Equivariant Networks for Point Clouds', 'Equivariant point cloud networks.'),
  ];
  const index = SearchIndex.build(papers);

  it('reads the leading hyphen as the title’s, not as an exclusion, and finds that title', () => {
    const found = ask(index, '-equivariant point cloud-based place', { limit: 3 });
    expect(ids(found)[0]).toBe('se3');
    expect('filters' in found).toBe(false);
    const narrowed = ask(index, '-equivariant point cloud-based place since:2020', { limit: 3 });
    expect(narrowed.kind === 'no-match' && narrowed.filters?.description).toBe('since 2020');
  });

  it('still excludes a word the question does not quote from a title that way', () => {
    expect(ids(ask(index, 'point cloud place -equivariant', { limit: 3 }))).toEqual(['plain']);
    expect(ids(ask(index, '-equivariant point cloud', { limit: 3 }))).toEqual(['plain']);
    expect(ids(ask(index, '-networks point cloud-based place', { limit: 3 }))).not.toContain('equi');
  });
});
