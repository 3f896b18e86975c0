import type { DigestInput, DigestPreview, PaperRanker, PreviewInput } from '../core/digest/digest.js';
import type { Paper } from '../core/paper/paper.js';
import type { Subscription } from '../core/digest/subscription.js';
import type { Store } from './open-store.js';

/** The corpus as the digest sees it: the papers, when it last changed, and the search index's ranking. */
export interface DigestCorpus {
  papers: readonly Paper[];
  /** ISO time the corpus last changed; falls back to the last paper arrival the store recorded. */
  changedAt?: string | null | undefined;
  rank?: PaperRanker | undefined;
}

/**
 * Everything `planDigest` needs for one subscription, read from the store in one place, so the
 * preview (`/digest preview`, `paperboy digest preview`) and the posted digest cannot drift apart.
 */
export function gatherDigestInput(
  store: Store,
  subscription: Pick<Subscription, 'id' | 'topic' | 'max' | 'createdAt'>,
  corpus: DigestCorpus,
  now: Date,
): DigestInput {
  const last = store.ledger.lastSent(subscription.id);
  return {
    subscription,
    papers: corpus.papers,
    firstSeen: store.papers.firstSeen(),
    lastDigest: last?.sentAt ? { at: last.sentAt, paperIds: last.paperIds ?? [] } : null,
    shown: store.papers.shown(subscription.id),
    now,
    corpusChangedAt: corpus.changedAt ?? store.papers.lastArrival(),
    rank: corpus.rank,
  };
}

/** Everything `planPreview` needs, read from the store as {@link gatherDigestInput} reads it for a subscription. */
export function gatherPreviewInput(
  store: Store,
  preview: DigestPreview,
  corpus: DigestCorpus,
  now: Date,
): PreviewInput {
  return {
    preview,
    papers: corpus.papers,
    firstSeen: store.papers.firstSeen(),
    now,
    corpusChangedAt: corpus.changedAt ?? store.papers.lastArrival(),
    rank: corpus.rank,
  };
}
