import { readFileSync } from 'node:fs';
import SearchableMap from 'minisearch/SearchableMap';
import { describe, expect, it } from 'vitest';
import { TermTable } from '../../../../src/core/search/engine/term-table.js';
import { analyze } from '../../../../src/core/search/text/tokenize.js';

// Every index term of the BEIR fixture's abstracts, plus the words as written: a real vocabulary.
const TEXT = readFileSync(new URL('../../../fixtures/beir/corpus.jsonl', import.meta.url), 'utf8');
const TERMS = [...new Set([...analyze(TEXT), ...TEXT.toLowerCase().split(/[^a-z0-9-]+/)])].filter(Boolean);
const TREE = new SearchableMap<true>();
for (const term of TERMS) TREE.set(term, true);

const QUERIES = TERMS.filter((_, i) => i % 17 === 0).flatMap((t) => [
  t,
  `${t}s`,
  t.slice(1),
  t.replace(/[aeiou]/, 'x'),
]);

function fromTree(query: string, distance: number): string[] {
  return [...TREE.fuzzyGet(query, distance)].map(([term, [, d]]) => `${term}:${d}`).sort();
}

describe('TermTable', () => {
  it('holds a real vocabulary to check against', () => {
    expect(TERMS.length).toBeGreaterThan(1000);
  });

  it.each([1, 2])('finds the terms MiniSearch fuzzyGet finds within %i edits, at the same distances', (distance) => {
    for (const table of [new TermTable(TERMS), new TermTable([...TERMS].sort())]) {
      for (const query of QUERIES) {
        const found = table.near(query, distance).map(([t, d]) => `${table.terms[t]!}:${d}`);
        expect(found.sort(), query).toEqual(fromTree(query, distance));
      }
    }
  });

  it('finds a term by exact lookup and by prefix, in code-unit order, whatever order it was given in', () => {
    const table = new TermTable(TERMS);
    for (const term of QUERIES) expect(table.indexOf(term)).toBe(TERMS.indexOf(term));
    const prefixed = [...table.withPrefix('pro')].map((t) => TERMS[t]!);
    expect(prefixed).toEqual([...TREE.atPrefix('pro')].map(([term]) => term).sort());
    expect(prefixed.length).toBeGreaterThan(3);
  });
});
