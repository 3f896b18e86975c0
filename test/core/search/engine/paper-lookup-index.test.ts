import { describe, expect, it } from 'vitest';
import { lookupDocument, PaperLookupIndex } from '../../../../src/core/search/engine/paper-lookup-index.js';
import { paper } from '../../search-fixtures.js';

const arxiv = (id: string) => ({ kind: 'arxiv' as const, url: `https://arxiv.org/abs/${id}`, label: `arXiv:${id}` });
const graphormer = {
  ...paper('g', 'Do Transformers Really Perform Badly for Graph Representation?', 'We present Graphormer, built on …'),
  links: [arxiv('2106.05234v5')],
};
const droppos = paper('d', 'DropPos: Pre-Training Vision Transformers', 'We propose DropPos, a pretext task.');

describe('PaperLookupIndex', () => {
  it('indexes the method names a title does not hold, and arXiv keys without their version', () => {
    expect(lookupDocument(graphormer, 0)).toMatchObject({ names: 'graphormer', ids: 'arxiv:2106.05234' });
    expect(lookupDocument(droppos, 1)).toMatchObject({ names: '', ids: '' });
  });

  it('finds a paper by an exact key or a key being typed, and skips a removed paper', () => {
    const index = PaperLookupIndex.build([droppos, graphormer]);
    expect(index.findIdentifier('arxiv:2106.05234')).toEqual([1]);
    expect(index.findIdentifier('arxiv:2106.0523')).toEqual([]);
    expect(index.identifiersWithPrefix('arxiv:2106.0523', 5)).toEqual([1]);
    expect(index.find('graphormer', 5)).toMatchObject([{ ordinal: 1, fields: ['names'] }]);
    expect(index.namesWithPrefix('graphor', 5)).toEqual([1]);
    expect(index.namesWithPrefix('gr', 5)).toEqual([]);
    index.remove(1);
    expect(index.findIdentifier('arxiv:2106.05234')).toEqual([]);
    expect(index.namesWithPrefix('graphor', 5)).toEqual([]);
  });
});
