import type { DigestInput, DigestPreview, PaperRanker, PreviewInput } from '../core/digest/digest.js';
import type { Paper } from '../core/paper/paper.js';
import type { Subscription } from '../core/digest/subscription.js';
import type { Store } from './store.js';

/** The corpus as the digest sees it: the papers, when it last changed, and the search index's ranking. */
export interface DigestCorpus {
  papers: readonly Paper[];
  /** ISO time the corpus last changed; falls back to the last paper arrival the store recorded. */
  changedAt?: string | null | undefined;
  rank?: PaperRanker | undefined;
}

/**
 * Everything `planDigest` needs for one subscription, read from the store in one place, so the
 * preview (`/digest preview`, `paperboy digest preview`) and the posted digest cannot drift apart. A
 * digest's equal matches are ordered by its guild's votes cast before `votesBefore` (its slot; now for a
 * preview or a post on request); an alert, sent to one member, uses none.
 */
export async function gatherDigestInput(
  store: Pick<Store, 'ledger' | 'papers' | 'votes'>,
  subscription: Pick<Subscription, 'id' | 'topic' | 'max' | 'createdAt' | 'guildId' | 'kind'>,
  corpus: DigestCorpus,
  now: Date,
  votesBefore: Date = now,
): Promise<DigestInput> {
  const [last, firstSeen, shown, lastArrival, votes] = await Promise.all([
    store.ledger.lastSent(subscription.id),
    store.papers.firstSeen(),
    store.papers.shown(subscription.id),
    store.papers.lastArrival(),
    subscription.kind === 'alert' ? undefined : store.votes.tally(subscription.guildId, votesBefore),
  ]);
  return {
    subscription,
    papers: corpus.papers,
    firstSeen,
    lastDigest: last?.sentAt ? { at: last.sentAt, paperIds: last.paperIds ?? [] } : null,
    shown,
    now,
    corpusChangedAt: corpus.changedAt ?? lastArrival,
    rank: corpus.rank,
    votes,
  };
}

/** Everything `planPreview` needs, read from the store as {@link gatherDigestInput} reads it for a subscription. */
export async function gatherPreviewInput(
  store: Pick<Store, 'papers'>,
  preview: DigestPreview,
  corpus: DigestCorpus,
  now: Date,
): Promise<PreviewInput> {
  const [firstSeen, lastArrival] = await Promise.all([store.papers.firstSeen(), store.papers.lastArrival()]);
  return {
    preview,
    papers: corpus.papers,
    firstSeen,
    now,
    corpusChangedAt: corpus.changedAt ?? lastArrival,
    rank: corpus.rank,
  };
}
