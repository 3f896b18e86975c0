import { ask, ANSWER_OPTIONS, type AnswerOptions } from '../answer/answer.js';
import { SENTENCE_FEATURES, type SentenceWeights } from '../answer/sentence-choice.js';
import type { SearchIndex } from '../search/search-index.js';
import { termsOf, splitWords } from '../search/text/tokenize.js';
import {
  annotatedSentenceAt,
  emptyTally,
  seededRandom,
  sentenceScores,
  tallyClaim,
  type RationaleClaim,
  type SentenceTally,
} from './rationale-metrics.js';

type Scores = ReturnType<typeof sentenceScores>;

/** What `paperboy eval --rationales` reports. */
export interface RationaleReport extends Scores {
  /** Claims with evidence, asked as `ask` answers them (one page). */
  claims: number;
  /** Claims where an evidence abstract is on the answer page. */
  with_doc: number;
  /** The shipped weights were fitted on the even-numbered claims; the odd ones are held out. */
  halves: { fit_even: Scores; held_out_odd: Scores };
  /** Given the same evidence abstract, other ways to pick its sentence. */
  baselines: Record<'idf' | 'first' | 'last' | 'random', Scores>;
  /** The shipped weights with one feature's weight set to 0 (features weighted 0 are left out). */
  ablation: Record<string, Scores>;
}

/** A baseline's choice among an abstract's annotated sentences. */
type Baseline = (sentences: readonly string[], claim: string, random: () => number) => number;

/**
 * Scores the sentence `ask` quotes against SciFact's rationale sentences, with baselines and an ablation.
 * `sentences` maps a paper id to its annotated sentences; a quoted span is mapped to the one it overlaps most.
 * @example evaluateRationales(index, claims, sentences)['sentence_p@1'] // 0.5
 */
export function evaluateRationales(
  index: SearchIndex,
  claims: readonly RationaleClaim[],
  sentences: ReadonlyMap<string, readonly string[]>,
  settings: AnswerOptions = ANSWER_OPTIONS,
): RationaleReport {
  const asked = claims.filter((c) => c.evidence.size > 0);
  const idfBaseline: Baseline = (list, claim) => {
    const terms = new Set(splitWords(claim).flatMap((w) => termsOf(w)));
    const weightOf = (text: string) => {
      const found = new Set(
        splitWords(text)
          .flatMap((w) => termsOf(w))
          .filter((t) => terms.has(t)),
      );
      let weight = 0;
      for (const t of found) weight += index.idf(index.documentFrequency(t));
      return weight;
    };
    const weights = list.map(weightOf);
    return weights.indexOf(Math.max(...weights));
  };
  const baselines: Record<keyof RationaleReport['baselines'], Baseline> = {
    idf: idfBaseline,
    first: () => 0,
    last: (list) => list.length - 1,
    random: (list, _claim, random) => Math.floor(random() * list.length),
  };

  const run = (weights: SentenceWeights) => {
    const tally = emptyTally();
    const halves = [emptyTally(), emptyTally()];
    const base = Object.fromEntries(Object.keys(baselines).map((k) => [k, emptyTally()])) as Record<
      keyof RationaleReport['baselines'],
      SentenceTally
    >;
    const random = seededRandom(12);
    for (const claim of asked) {
      const answer = ask(index, claim.claim, {}, { ...settings, sentenceWeights: weights });
      const papers = answer.kind === 'answer' ? answer.papers : [];
      const rank = papers.findIndex((p) => claim.evidence.has(p.paper.id));
      const found = papers[rank];
      const annotated = found ? (sentences.get(found.paper.id) ?? []) : [];
      const rationale = found ? claim.evidence.get(found.paper.id)! : new Set<number>();
      const text = found ? (index.paperById(found.paper.id)?.text ?? '') : '';
      const hit = found !== undefined && rationale.has(annotatedSentenceAt(text, annotated, found.sentence));
      tallyClaim(tally, rank, hit);
      tallyClaim(halves[Number(claim.id) % 2 === 0 ? 0 : 1]!, rank, hit);
      for (const [name, choose] of Object.entries(baselines)) {
        const choice = annotated.length > 0 ? choose(annotated, claim.claim, random) : -1;
        tallyClaim(base[name as keyof typeof baselines], rank, rationale.has(choice));
      }
    }
    return { tally, halves, base };
  };

  const shipped = run(settings.sentenceWeights);
  const ablation: Record<string, Scores> = {};
  for (const feature of SENTENCE_FEATURES) {
    if (settings.sentenceWeights[feature] === 0) continue;
    ablation[`without ${feature}`] = sentenceScores(run({ ...settings.sentenceWeights, [feature]: 0 }).tally);
  }
  return {
    ...sentenceScores(shipped.tally),
    claims: shipped.tally.claims,
    with_doc: shipped.tally.withDoc,
    halves: { fit_even: sentenceScores(shipped.halves[0]!), held_out_odd: sentenceScores(shipped.halves[1]!) },
    baselines: {
      idf: sentenceScores(shipped.base.idf),
      first: sentenceScores(shipped.base.first),
      last: sentenceScores(shipped.base.last),
      random: sentenceScores(shipped.base.random),
    },
    ablation,
  };
}
