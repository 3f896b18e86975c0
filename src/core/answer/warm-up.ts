import { ask } from './answer.js';
import { lookup, suggest } from './lookup.js';
import type { SearchIndex } from '../search/search-index.js';

/** Questions a warm-up asks; enough for V8 to compile the ranking and answering code. */
export const WARM_UP_QUESTIONS = 24;

/**
 * Runs the answering code on questions made from the index's own titles, so that the first users'
 * questions do not pay for compiling it (a cold `ask` is several times slower than a warm one).
 * Deterministic, answers nothing to anyone, and takes a fraction of a second on the largest corpus.
 * @example const index = SearchIndex.build(papers); warmUp(index)
 */
export function warmUp(index: SearchIndex, questions: number = WARM_UP_QUESTIONS): void {
  const count = index.paperCount;
  if (count === 0) return;
  for (let i = 0; i < questions; i++) {
    const title = index.paperTitles[Math.floor(((i + 0.5) * count) / questions)]!;
    const words = title.split(/\s+/);
    // A question in other words than the title, as most are, then a piece of the title, as lookups are.
    ask(index, `how does ${words.slice(-4).join(' ')} work in practice`, { limit: 5 });
    ask(index, words.slice(1, 4).join(' '), { limit: 5 });
    if (i % 4 === 0) {
      suggest(index, title.slice(0, 1 + (i % 7)));
      lookup(index, words.slice(0, 2).join(' '));
    }
  }
}
