import type { Paper } from './paper.js';

/** Fields that record what a deployment knows of a paper, not what the corpus says of it. */
const NOT_COMPARED: ReadonlySet<string> = new Set<keyof Paper>(['firstSeen']);

/**
 * Whether two papers say the same thing: every field but `firstSeen` equal, compared field by field
 * whatever the order of their keys, so a field added to the schema is compared without a change here.
 * @example samePaper(paper, { ...paper, firstSeen: '2026-01-01T00:00:00.000Z' }) // true
 */
export function samePaper(a: Paper, b: Paper): boolean {
  if (a === b) return true;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    if (NOT_COMPARED.has(key)) continue;
    if (!sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

/** Whether two JSON-like values are equal field by field, whatever the order of their keys. */
function sameValue(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
  if (Array.isArray(x) !== Array.isArray(y)) return false;
  const xKeys = Object.keys(x);
  if (xKeys.length !== Object.keys(y).length) return false;
  const a = x as Record<string, unknown>;
  const b = y as Record<string, unknown>;
  return xKeys.every((key) => Object.hasOwn(b, key) && sameValue(a[key], b[key]));
}
