import type { Paper } from '../paper/paper.js';
import { compileTopic, isEmptyTopic, parseTopic } from '../digest/topic-query.js';

/** The periods `/top` looks back over. */
export const TOP_PERIODS = ['day', 'week', 'month', 'all'] as const;
export type TopPeriod = (typeof TOP_PERIODS)[number];

const DAY_MS = 86_400_000;
const PERIOD_DAYS: Record<Exclude<TopPeriod, 'all'>, number> = { day: 1, week: 7, month: 30 };

/** How many papers `/top` lists. */
export const TOP_LIMIT = 10;

/**
 * The first instant a period covers, looking back from `now` (rolling: a day is the last 24 hours);
 * null for all time.
 * @example periodStart('week', new Date('2025-03-08T12:00:00Z')) // 2025-03-01T12:00:00.000Z
 */
export function periodStart(period: TopPeriod, now: Date): Date | null {
  return period === 'all' ? null : new Date(now.getTime() - PERIOD_DAYS[period] * DAY_MS);
}

/** A paper's votes in a guild, as counted by the store. */
export interface VoteCount {
  paperId: string;
  votes: number;
}

export interface TopPaper {
  paper: Paper;
  votes: number;
}

export interface TopList {
  items: TopPaper[];
  /** Voted papers left out because they are no longer in the corpus. */
  gone: number;
}

/**
 * The voted papers still in the corpus that match `topic` (the digest's topic grammar; empty: every paper),
 * most votes first, at most `limit`. `counts` comes sorted from the store; its order breaks ties.
 * @example topPapers([{ paperId: 'a', votes: 3 }], (id) => index.paperById(id), 'diffusion')
 */
export function topPapers(
  counts: readonly VoteCount[],
  paperById: (id: string) => Paper | undefined,
  topic = '',
  limit = TOP_LIMIT,
): TopList {
  const query = parseTopic(topic);
  const matches = isEmptyTopic(query)
    ? () => true
    : (
        (m) => (p: Paper) =>
          m(p) !== null
      )(compileTopic(query));
  const items: TopPaper[] = [];
  let gone = 0;
  for (const { paperId, votes } of counts) {
    const paper = paperById(paperId);
    if (!paper) {
      gone++;
      continue;
    }
    if (items.length < limit && matches(paper)) items.push({ paper, votes });
  }
  return { items, gone };
}
