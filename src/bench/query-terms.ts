/** Letters and digits: what both baselines' default tokenizers keep, lower-cased. */
const TERM = /[\p{L}\p{N}]+/gu;

export function queryTerms(text: string): string[] {
  return (text.toLowerCase().match(TERM) ?? []) as string[];
}

/**
 * Whether the last word of a typed prefix is still being typed: `"Gesture "` has finished its last
 * word, `"Gestu"` has not. Autocomplete treats only an unfinished last word as a prefix.
 */
export function lastTermIsPartial(text: string): boolean {
  return /[\p{L}\p{N}]$/u.test(text);
}
