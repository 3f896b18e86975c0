import { beforeAll, describe, expect, it } from 'vitest';
import { ask } from '../../../src/core/answer/answer.js';
import { suggest } from '../../../src/core/answer/lookup.js';
import { SearchIndex } from '../../../src/core/search/search-index.js';
import { serveSearch } from '../../../src/core/answer/search-service.js';
import { seedPapers } from '../search-fixtures.js';

let index: SearchIndex;
beforeAll(async () => {
  index = SearchIndex.build(await seedPapers());
});

/** A scheduler the test turns by hand: each turn runs the tasks deferred so far. */
function manualScheduler() {
  const tasks: Array<() => void> = [];
  return {
    defer: (task: () => void) => void tasks.push(task),
    turn: () => tasks.splice(0).forEach((task) => task()),
    get waiting() {
      return tasks.length;
    },
  };
}

describe('serveSearch', () => {
  it('answers one call per turn, as the core would', async () => {
    const scheduler = manualScheduler();
    const search = serveSearch(index, scheduler);
    const questions = ['what mask ratio does PRED use', 'dropped positions', 'graph transformers'];
    const answers = questions.map((q) => search.ask(q));
    expect(search.pending).toBe(3);
    for (let turn = 1; turn <= 3; turn++) {
      scheduler.turn();
      expect(search.pending).toBe(3 - turn);
    }
    expect(scheduler.waiting).toBe(0);
    expect(await Promise.all(answers)).toEqual(questions.map((q) => ask(index, q)));
  });

  it('serves autocomplete before waiting questions', async () => {
    const scheduler = manualScheduler();
    const search = serveSearch(index, scheduler);
    const order: string[] = [];
    const first = search.ask('pre-training').then(() => order.push('ask 1'));
    const second = search.ask('masking').then(() => order.push('ask 2'));
    const titles = search.suggest('drop').then((s) => {
      order.push('suggest');
      return s;
    });
    while (search.pending > 0) {
      scheduler.turn();
      await Promise.resolve();
    }
    await Promise.all([first, second, titles]);
    expect(order).toEqual(['suggest', 'ask 1', 'ask 2']);
    expect(await titles).toEqual(suggest(index, 'drop'));
  });

  it('rejects only the call that failed', async () => {
    const scheduler = manualScheduler();
    const search = serveSearch(index, scheduler);
    const bad = search.ask('x', { limit: Number.NaN, offset: Symbol() as unknown as number });
    const good = search.lookup('DropPos');
    scheduler.turn();
    scheduler.turn();
    await expect(bad).rejects.toThrow();
    expect((await good).kind).toBe('found');
  });
});
