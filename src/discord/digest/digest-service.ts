import type { Store } from '../../store/open-store.js';
import type { DigestJob } from './digest-job.js';

/** What `/digest` and its buttons use; built in the composition root next to the scheduler. */
export interface DigestService {
  store: Store;
  job: Pick<DigestJob, 'preview' | 'postNow'>;
  /** A subscription was added or removed: the scheduler re-plans its next wake-up. */
  changed(): void;
}

/** How long a `/digest subscribe` preview waits for its Subscribe click (an interaction token lives 15 min). */
export const DRAFT_TTL_MS = 15 * 60_000;
/** The prefix of the preview's button ids: `digest:confirm:<token>`, `digest:cancel:<token>`. */
export const DIGEST_BUTTON_PREFIX = 'digest';
