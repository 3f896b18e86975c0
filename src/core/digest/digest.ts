import { splitSentences } from '../search/text/chunk.js';
import type { Paper, PaperLink } from '../paper/paper.js';
import type { SearchIndex } from '../search/search-index.js';
import { readAnswerQuestion } from '../answer/read-question.js';
import type { Subscription } from './subscription.js';
import { compileTopic, isEmptyTopic, parseTopic, positiveQuery, type TopicMatcher } from './topic-query.js';

/**
 * Ranks the corpus for a query with a search index: the ids of the papers it finds, best first.
 * Papers it leaves out count as not matching, so it should not cut off at a small page size.
 */
export type PaperRanker = (query: string) => readonly string[];

/**
 * A {@link PaperRanker} over the search index `/ask` uses, reading the topic as `ask` reads a question
 * (filler dropped, typos corrected only where plausible): every paper the index finds, best first.
 * @example planDigest({ ..., rank: indexRanker(index) })
 */
export function indexRanker(index: SearchIndex): PaperRanker {
  return (query) => {
    const question = readAnswerQuestion(index, query);
    return question.terms.length === 0 ? [] : index.rankIds(question, index.paperCount);
  };
}

/** What a digest shows of one paper. */
export interface DigestItem {
  id: string;
  title: string;
  authors: string[];
  year: number | null;
  venue: string | null;
  /** One or two sentences from the start of the paper's text; empty when it has no text. */
  summary: string;
  links: PaperLink[];
  firstSeen: string | null;
}

/**
 * - `new`: papers first seen since the last digest.
 * - `archive`: nothing new, so papers not shown yet (then the longest-unseen ones once all were shown).
 */
export type DigestSection = 'new' | 'archive';

/** Why an archive digest has no papers: the corpus is empty, nothing matches, or all were just shown. */
export type EmptyReason = 'no-papers' | 'no-match' | 'all-recent';

export interface DigestPlan {
  /** Null for a preview, which belongs to no subscription. */
  subscriptionId: number | null;
  topic: string;
  section: DigestSection;
  items: DigestItem[];
  /** New matching papers that did not fit in this digest (they come up in the archive later). */
  moreNew: number;
  /** `archive` only: every matching paper had been shown, so some items are reruns (longest-unseen first). */
  restarted: boolean;
  /** Set when the archive has nothing to show; the digest still posts and says why. */
  empty: EmptyReason | null;
  /** "New" means first seen after this instant: the last digest, else the subscription's start or the preview's `since`. */
  since: string;
  /** Null before the subscription's first digest. */
  lastDigestAt: string | null;
  /** Equal topic matches were ordered by the guild's votes from earlier days (there were votes to use). */
  votesBreakTies?: boolean;
  corpusChangedAt: string | null;
  generatedAt: string;
}

export interface LastDigest {
  at: string;
  paperIds: readonly string[];
}

export interface DigestInput {
  subscription: Pick<Subscription, 'id' | 'topic' | 'max' | 'createdAt'>;
  /** The corpus. */
  papers: readonly Paper[];
  /**
   * Paper id → ISO time the deployment first saw it (from the store). Papers missing here fall back to
   * `paper.firstSeen`; with neither they are never counted as new. A map rather than copied papers, so a
   * large corpus is not rebuilt for every digest.
   */
  firstSeen?: ReadonlyMap<string, string> | undefined;
  lastDigest: LastDigest | null;
  /** Paper id → ISO time it was last shown to this subscription. */
  shown: ReadonlyMap<string, string>;
  now: Date;
  corpusChangedAt: string | null;
  /** A search index's ranking; without one every paper is scanned and scored by the topic matcher. */
  rank?: PaperRanker | undefined;
  /** Paper id → the guild's votes from earlier days: among equal topic matches, more votes first. */
  votes?: ReadonlyMap<string, number> | undefined;
}

/**
 * What a preview asks for: a topic and a size like a subscription's, and the instant after which a paper
 * counts as new. It belongs to no subscription, so no paper has been shown to it and it has no last digest.
 */
export interface DigestPreview {
  topic: string;
  max: number;
  /** ISO instant. */
  since: string;
}

/** Everything {@link planPreview} needs: the corpus facts of a {@link DigestInput}, without a subscription's history. */
export interface PreviewInput extends Omit<DigestInput, 'subscription' | 'lastDigest' | 'shown'> {
  preview: DigestPreview;
}

export const SUMMARY_MAX_CHARS = 320;
/** A leading "sentence" shorter than this is a heading ("Abstract", "1 Introduction"), not a summary. */
const MIN_SENTENCE_CHARS = 25;

/**
 * The first one or two sentences of a text, at most `maxChars` (cut at a word with `…` if the first
 * sentence alone is longer). Headings at the start are skipped.
 * @example summarize('Abstract. We study X in depth here. It works well. More.') // 'We study X in depth here. It works well.'
 */
export function summarize(text: string, maxChars: number = SUMMARY_MAX_CHARS): string {
  const sentences = splitSentences(text)
    .map((s) => text.slice(s.start, s.end).replace(/\s+/g, ' ').trim())
    .filter((s) => s.length > 0);
  const start = sentences.findIndex((s) => s.length >= MIN_SENTENCE_CHARS && /\p{Ll}/u.test(s));
  const chosen = sentences.slice(start === -1 ? 0 : start);
  const first = chosen[0];
  if (first === undefined) return '';
  if (first.length > maxChars) {
    const cut = first.slice(0, maxChars - 1);
    // When the cut falls just before a space it already ends on a whole word.
    const space = first[maxChars - 1] === ' ' ? cut.length : cut.lastIndexOf(' ');
    return `${(space > maxChars / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/, '')}…`;
  }
  const second = chosen[1];
  return second !== undefined && first.length + 1 + second.length <= maxChars ? `${first} ${second}` : first;
}

type FirstSeenOf = (paper: Paper) => string | null;

/** The ids a work has gone by: its own and those of the papers merged into it (`core/paper/merge-papers.ts`). */
function workIds(paper: Paper): string[] {
  return paper.merged === undefined ? [paper.id] : [paper.id, ...paper.merged.map((m) => m.id)];
}

/**
 * When a work was first seen: the earliest time of any id it has gone by, so a paper merged into one
 * seen (or posted) long ago is not new.
 */
function firstSeenOfWork(firstSeen: ReadonlyMap<string, string> | undefined): FirstSeenOf {
  return (paper) => {
    let earliest: string | null = null;
    for (const id of workIds(paper)) {
      const seen = firstSeen?.get(id);
      if (seen !== undefined && (earliest === null || seen < earliest)) earliest = seen;
    }
    return earliest ?? paper.firstSeen;
  };
}

/** When a work was last shown to a subscription under any id it has gone by; undefined when never. */
function lastShown(shown: ReadonlyMap<string, string>, paper: Paper): string | undefined {
  if (paper.merged === undefined) return shown.get(paper.id);
  let latest: string | undefined;
  for (const id of workIds(paper)) {
    const at = shown.get(id);
    if (at !== undefined && (latest === undefined || at > latest)) latest = at;
  }
  return latest;
}

function toItem(paper: Paper, firstSeenOf: FirstSeenOf): DigestItem {
  return toDigestItem(paper, firstSeenOf(paper));
}

/**
 * What a digest card shows of a paper (also used by `/top`).
 * @example toDigestItem(paper, null).summary // the paper's first sentence or two
 */
export function toDigestItem(paper: Paper, firstSeen: string | null): DigestItem {
  return {
    id: paper.id,
    title: paper.title,
    authors: paper.authors,
    year: paper.year,
    venue: paper.venue,
    summary: summarize(paper.text),
    links: paper.links,
    firstSeen,
  };
}

type Compare = (a: Paper, b: Paper) => number;

/**
 * Newest arrivals first, then most votes, then newest papers, then id, so equal scores still give one
 * fixed order.
 */
function recencyOrder(firstSeenOf: FirstSeenOf, votes: ReadonlyMap<string, number> | undefined): Compare {
  const votesOf = (p: Paper) => votes?.get(p.id) ?? 0;
  return (a, b) =>
    (firstSeenOf(b) ?? '').localeCompare(firstSeenOf(a) ?? '') ||
    votesOf(b) - votesOf(a) ||
    (b.year ?? -Infinity) - (a.year ?? -Infinity) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Orders and filters papers for a topic, lazily where it can: an archive digest needs only the first few. */
interface TopicRanking {
  /** The matching papers of `pool`, best first. */
  order(pool: readonly Paper[]): Iterable<Paper>;
}

function topicRanking(topicText: string, rank: PaperRanker | undefined, byRecency: Compare): TopicRanking {
  const topic = parseTopic(topicText);
  if (isEmptyTopic(topic)) return { order: (pool) => [...pool].sort(byRecency) };
  const matcher: TopicMatcher = compileTopic(topic);
  const query = positiveQuery(topic);
  if (query === '') {
    // Only exclusions: recency order, each paper checked as it is reached.
    return {
      *order(pool) {
        for (const paper of [...pool].sort(byRecency)) if (matcher(paper) !== null) yield paper;
      },
    };
  }
  if (rank) {
    let positions: Map<string, number> | undefined;
    return {
      *order(pool) {
        positions ??= new Map(rank(query).map((id, i) => [id, i] as const));
        const found = pool.filter((p) => positions!.has(p.id));
        found.sort((a, b) => positions!.get(a.id)! - positions!.get(b.id)! || byRecency(a, b));
        // The index finds candidates; the matcher holds them to the topic's phrases and exclusions.
        for (const paper of found) if (matcher(paper) !== null) yield paper;
      },
    };
  }
  return {
    order(pool) {
      const scored: Array<{ paper: Paper; score: number }> = [];
      for (const paper of pool) {
        const score = matcher(paper);
        if (score !== null) scored.push({ paper, score });
      }
      return scored.sort((a, b) => b.score - a.score || byRecency(a.paper, b.paper)).map((s) => s.paper);
    },
  };
}

function take<T>(items: Iterable<T>, n: number): T[] {
  const out: T[] = [];
  if (n <= 0) return out;
  for (const item of items) {
    out.push(item);
    if (out.length >= n) break;
  }
  return out;
}

/**
 * Plans one digest. New matching papers (first seen since the last digest, not shown yet) come first,
 * best first; when there are none, the archive: matching papers never shown to this subscription, then,
 * once every one has been shown, the ones shown longest ago. Papers in the last digest are never
 * repeated. An empty archive is a value (`empty`), never a skipped day: the renderer says why.
 * @example planDigest({ subscription, papers, lastDigest: null, shown: new Map(), now, corpusChangedAt: null })
 * // { section: 'new', items: [...], … }
 */
export function planDigest(input: DigestInput): DigestPlan {
  const { id, topic, max, createdAt } = input.subscription;
  return plan({ subscriptionId: id, topic, max, since: createdAt }, input);
}

/**
 * Plans what a digest on a topic would hold now, for no subscription: new papers (first seen after
 * `since`), else the archive, exactly as {@link planDigest} plans a first digest.
 * @example planPreview({ preview: { topic: 'graph', max: 3, since }, papers, now, corpusChangedAt: null })
 * // { subscriptionId: null, section: 'new', … }
 */
export function planPreview(input: PreviewInput): DigestPlan {
  return plan({ subscriptionId: null, ...input.preview }, { ...input, lastDigest: null, shown: new Map() });
}

interface DigestTarget extends DigestPreview {
  subscriptionId: number | null;
}

function plan(target: DigestTarget, input: Omit<DigestInput, 'subscription'>): DigestPlan {
  const { papers, lastDigest, shown, now, corpusChangedAt } = input;
  const since = lastDigest?.at ?? target.since;
  const firstSeenOf = firstSeenOfWork(input.firstSeen);
  const shownAt = (p: Paper) => lastShown(shown, p);
  const ranking = topicRanking(target.topic, input.rank, recencyOrder(firstSeenOf, input.votes));
  const base = {
    subscriptionId: target.subscriptionId,
    topic: target.topic.trim(),
    since,
    lastDigestAt: lastDigest?.at ?? null,
    votesBreakTies: (input.votes?.size ?? 0) > 0,
    corpusChangedAt,
    generatedAt: now.toISOString(),
  };

  const fresh = papers.filter((p) => {
    const seen = firstSeenOf(p);
    return seen !== null && seen > since && shownAt(p) === undefined;
  });
  const newMatches = fresh.length > 0 ? [...ranking.order(fresh)] : [];
  if (newMatches.length > 0) {
    return {
      ...base,
      section: 'new',
      items: newMatches.slice(0, target.max).map((p) => toItem(p, firstSeenOf)),
      moreNew: Math.max(0, newMatches.length - target.max),
      restarted: false,
      empty: null,
    };
  }

  const recent = new Set(lastDigest?.paperIds ?? []);
  const isRecent = (p: Paper) => workIds(p).some((id) => recent.has(id));
  const unseen = papers.filter((p) => shownAt(p) === undefined && !isRecent(p));
  const picked = take(ranking.order(unseen), target.max);
  let restarted = false;
  if (picked.length < target.max) {
    const again = papers.filter((p) => shownAt(p) !== undefined && !isRecent(p));
    // Oldest-shown first; among papers shown together the topic's order decides (the sort is stable).
    const ordered = [...ranking.order(again)].sort((a, b) => shownAt(a)!.localeCompare(shownAt(b)!));
    const more = ordered.slice(0, target.max - picked.length);
    restarted = more.length > 0;
    picked.push(...more);
  }
  let empty: EmptyReason | null = null;
  if (picked.length === 0) {
    if (papers.length === 0) empty = 'no-papers';
    else empty = recent.size > 0 && take(ranking.order(papers), 1).length > 0 ? 'all-recent' : 'no-match';
  }
  return {
    ...base,
    section: 'archive',
    items: picked.map((p) => toItem(p, firstSeenOf)),
    moreNew: 0,
    restarted,
    empty,
  };
}
