/**
 * Which sentence of a paper answers a question: a few named features, each between 0 and 1, added with
 * fixed weights. DESIGN.md says what each one adds on SciFact's rationale sentences.
 */

/** What is known about one candidate sentence. */
export interface SentenceFeatures {
  /** Share of the question's weight (summed IDF of its distinct terms) the sentence holds. */
  coverage: number;
  /** Share its better neighbour (previous or next sentence) holds: a sentence read in its passage. */
  context: number;
  /** Where it starts in the paper's text: 0 at the start, 1 at the end (findings come late in an abstract). */
  position: number;
  /** 1 when it reports a finding or a conclusion (`we found`, `suggest`, `significantly`, `P < 0.05`). */
  finding: number;
  /** 1 when the question asks for a quantity (`how many`, `ratio`, a number) and the sentence gives a number. */
  quantity: number;
}

export type SentenceWeights = Record<keyof SentenceFeatures, number>;

export const SENTENCE_FEATURES = ['coverage', 'context', 'position', 'finding', 'quantity'] as const satisfies Array<
  keyof SentenceFeatures
>;

/**
 * Fitted on the even-numbered SciFact train claims only (the odd ones are held out; `paperboy eval
 * --rationales` reports both halves), by coordinate ascent over a coarse grid, coverage fixed at 1.
 * `quantity` changes nothing on those claims (few ask for a number); it is set inside the range the fit
 * half is indifferent to, for questions such as "what batch size".
 */
export const SENTENCE_WEIGHTS: SentenceWeights = {
  coverage: 1,
  context: 0.3,
  position: 0.3,
  finding: 0.05,
  quantity: 0.1,
};

const FINDING =
  /\b(?:conclu\w*|suggest\w*|indicat\w*|demonstrat\w*|show(?:s|ed|n)?|found|findings?|reveal\w*|significant(?:ly)?|associated|confirm\w*|we report|results? in)\b|\bp\s*[<=≤]\s*0?\.\d/i;
const QUANTITY_QUESTION =
  /\b(?:how (?:many|much|often|long|large|big|fast|high|low)|ratio|rate|percent\w*|proportion|fraction|number|size|amount|dose|fold|times)\b|\d|%/i;
const NUMBER = /\d/;

/** Whether a question asks for a quantity: `how many`, `what ratio`, `batch size`, or a number of its own. */
export function asksForQuantity(question: string): boolean {
  return QUANTITY_QUESTION.test(question);
}

/**
 * The features of the sentences of one passage, in order.
 * @example
 * sentenceFeatures(['Background.', 'We found a 2-fold rise.'], [0, 0.8], [0, 0.9], 'what ratio')[1]
 * // { coverage: 0.8, context: 0, position: 0.9, finding: 1, quantity: 1 }
 */
export function sentenceFeatures(
  texts: readonly string[],
  coverage: readonly number[],
  position: readonly number[],
  question: string,
): SentenceFeatures[] {
  const quantitative = asksForQuantity(question);
  return texts.map((text, i) => ({
    coverage: coverage[i] ?? 0,
    context: Math.max(coverage[i - 1] ?? 0, coverage[i + 1] ?? 0),
    position: position[i] ?? 0,
    finding: FINDING.test(text) ? 1 : 0,
    quantity: quantitative && NUMBER.test(text) ? 1 : 0,
  }));
}

/**
 * A sentence's score: its features, weighted and added.
 * @example scoreSentence({ coverage: 0.5, context: 0, position: 1, finding: 1, quantity: 0 }, SENTENCE_WEIGHTS)
 */
export function scoreSentence(features: SentenceFeatures, weights: SentenceWeights): number {
  let score = 0;
  for (const name of SENTENCE_FEATURES) score += weights[name] * features[name];
  return score;
}
