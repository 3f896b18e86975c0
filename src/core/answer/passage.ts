import { highlight, type HighlightedText } from './highlight.js';

/** A quoted piece of a paper with the question's words marked. `start`/`end` locate it in the paper's text. */
export interface AnswerPassage extends HighlightedText {
  start: number;
  end: number;
  /** 1-based PDF page, when the paper is paged. */
  page: number | null;
  /** True when the text was cut (it then starts or ends with `…`). */
  clipped: boolean;
}

export interface Span {
  start: number;
  end: number;
}

export function overlaps(x: Span, y: Span): boolean {
  return x.start < y.end && y.start < x.end;
}

/**
 * Grows a passage from one sentence by whole neighbouring sentences of its chunk (the better-scoring
 * side first) while it stays within `maxChars` and clear of `blocked` spans.
 */
export function widen(
  seed: { index: number },
  sentences: ReadonlyArray<Span & { score: number }>,
  maxChars: number,
  blocked: Span[],
): Span {
  let lo = seed.index;
  let hi = seed.index;
  const fits = (i: number, start: number, end: number) =>
    i >= 0 && i < sentences.length && end - start <= maxChars && !blocked.some((b) => overlaps(sentences[i]!, b));
  for (;;) {
    const before = sentences[lo - 1];
    const after = sentences[hi + 1];
    const canBefore = before !== undefined && fits(lo - 1, before.start, sentences[hi]!.end);
    const canAfter = after !== undefined && fits(hi + 1, sentences[lo]!.start, after.end);
    if (canBefore && (!canAfter || before.score > after.score)) lo--;
    else if (canAfter) hi++;
    else break;
  }
  return { start: sentences[lo]!.start, end: sentences[hi]!.end };
}

/** The span's text, clipped around its first marked word when longer than `maxChars`. */
export function makePassage(
  text: string,
  span: Span,
  terms: ReadonlySet<string>,
  maxChars: number,
  page: number | null,
): AnswerPassage {
  const raw = text.slice(span.start, span.end);
  const marked = highlight(raw, terms);
  if (raw.length <= maxChars) return { ...marked, start: span.start, end: span.end, page, clipped: false };
  const focus = marked.highlights[0]?.start ?? 0;
  let from = Math.max(0, Math.min(focus - Math.floor(maxChars / 3), raw.length - maxChars));
  let to = Math.min(raw.length, from + maxChars);
  // Cut at spaces so no word is broken.
  if (from > 0) from = raw.indexOf(' ', from) + 1 || from;
  if (to < raw.length) to = raw.lastIndexOf(' ', to) > from ? raw.lastIndexOf(' ', to) : to;
  const lead = from > 0 ? '…' : '';
  const clippedText = `${lead}${raw.slice(from, to).trim()}${to < raw.length ? '…' : ''}`;
  return { ...highlight(clippedText, terms), start: span.start + from, end: span.start + to, page, clipped: true };
}
