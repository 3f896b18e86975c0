import { tokenize } from '../search/text/tokenize.js';

/** A span of text to emphasise: `start`/`end` are offsets into the text it comes with. Renderers pick the style. */
export interface Highlight {
  start: number;
  end: number;
}

/** Text with the spans that matched a query marked. */
export interface HighlightedText {
  text: string;
  highlights: Highlight[];
}

/**
 * Marks every word of `text` whose index terms include one of `terms`: `Pre-training` is marked for
 * `pretrain`, `masking` for `mask`. Spans are in order and never overlap.
 * @example highlight('Point-wise masking', new Set(['mask'])) // { text, highlights: [{ start: 11, end: 18 }] }
 */
export function highlight(text: string, terms: ReadonlySet<string>): HighlightedText {
  const highlights: Highlight[] = [];
  if (terms.size > 0) {
    for (const token of tokenize(text)) {
      if (token.terms.some((term) => terms.has(term))) highlights.push({ start: token.start, end: token.end });
    }
  }
  return { text, highlights };
}
