import { describe, expect, it } from 'vitest';
import { ask } from '../../../src/core/answer/answer.js';
import { SearchIndex } from '../../../src/core/search/search-index.js';
import { warmUp } from '../../../src/core/answer/warm-up.js';
import { benchPapers } from '../search-fixtures.js';

describe('warmUp', () => {
  it('leaves the index answering exactly as before, and copes with an empty corpus', async () => {
    const index = SearchIndex.build(await benchPapers());
    const before = ask(index, 'robot grasping with tactile sensing', { limit: 5 });
    warmUp(index);
    expect(ask(index, 'robot grasping with tactile sensing', { limit: 5 })).toEqual(before);
    expect(() => warmUp(SearchIndex.build([]))).not.toThrow();
  });
});
