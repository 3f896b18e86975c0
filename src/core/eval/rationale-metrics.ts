/** Does the quoted sentence answer? Scores quoted sentences against annotated rationale sentences (SciFact). */

/** A claim and, per evidence abstract, the indices of the sentences that support or contradict it. */
export interface RationaleClaim {
  id: string;
  claim: string;
  evidence: Map<string, Set<number>>;
}

/** A span of a paper's text, as `ask` quotes it. */
export interface TextSpan {
  start: number;
  end: number;
}

/**
 * Where each annotated sentence lies in the paper's text, searched in order; `null` for one not found as
 * written (the text was re-spaced or changed).
 * @example locateSentences('A b. C d.', ['A b.', 'C d.']) // [{ start: 0, end: 4 }, { start: 5, end: 9 }]
 */
export function locateSentences(text: string, sentences: readonly string[]): Array<TextSpan | null> {
  let from = 0;
  return sentences.map((sentence) => {
    const needle = sentence.trim();
    const at = needle === '' ? -1 : text.indexOf(needle, from);
    if (at < 0) return null;
    from = at + needle.length;
    return { start: at, end: at + needle.length };
  });
}

const WORDS = /[\p{L}\p{N}]+/gu;

function wordsOf(text: string): Set<string> {
  return new Set((text.toLowerCase().match(WORDS) ?? []).filter((w) => w.length > 1));
}

/**
 * The annotated sentence a quoted span overlaps most: by characters where the sentences were located in
 * the text, otherwise by shared words. `-1` when it shares nothing with any.
 * @example annotatedSentenceAt('A b. C d.', ['A b.', 'C d.'], { start: 5, end: 9 }) // 1
 */
export function annotatedSentenceAt(text: string, sentences: readonly string[], quoted: TextSpan): number {
  const spans = locateSentences(text, sentences);
  let best = -1;
  let bestOverlap = 0;
  spans.forEach((span, i) => {
    if (!span) return;
    const overlap = Math.min(span.end, quoted.end) - Math.max(span.start, quoted.start);
    if (overlap > bestOverlap) [best, bestOverlap] = [i, overlap];
  });
  if (best >= 0) return best;
  const quotedWords = wordsOf(text.slice(quoted.start, quoted.end));
  sentences.forEach((sentence, i) => {
    let shared = 0;
    for (const word of wordsOf(sentence)) if (quotedWords.has(word)) shared++;
    if (shared > bestOverlap) [best, bestOverlap] = [i, shared];
  });
  return best;
}

/** A seeded pseudo-random generator in [0, 1) (mulberry32), so a random baseline repeats exactly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Counts toward `sentence_given_doc` and `sentence_p@1`. */
export interface SentenceTally {
  /** Claims with evidence asked. */
  claims: number;
  /** Claims where some answer paper is an evidence abstract. */
  withDoc: number;
  /** …and its quoted sentence is a rationale sentence. */
  hitGivenDoc: number;
  /** The first answer paper is an evidence abstract and its quoted sentence a rationale sentence. */
  hitAt1: number;
}

export function emptyTally(): SentenceTally {
  return { claims: 0, withDoc: 0, hitGivenDoc: 0, hitAt1: 0 };
}

/** Adds one claim's outcome: where the first evidence paper ranked (`-1` none) and whether its sentence is a rationale. */
export function tallyClaim(tally: SentenceTally, evidenceRank: number, hit: boolean): void {
  tally.claims++;
  if (evidenceRank < 0) return;
  tally.withDoc++;
  if (hit) tally.hitGivenDoc++;
  if (hit && evidenceRank === 0) tally.hitAt1++;
}

/**
 * The two figures of a tally, rounded to 4 places.
 * @example sentenceScores({ claims: 4, withDoc: 2, hitGivenDoc: 1, hitAt1: 1 }) // { sentence_given_doc: 0.5, 'sentence_p@1': 0.25 }
 */
export function sentenceScores(tally: SentenceTally): { sentence_given_doc: number; 'sentence_p@1': number } {
  const ratio = (x: number, n: number) => (n === 0 ? 0 : Number((x / n).toFixed(4)));
  return {
    sentence_given_doc: ratio(tally.hitGivenDoc, tally.withDoc),
    'sentence_p@1': ratio(tally.hitAt1, tally.claims),
  };
}
