import type { Store } from './store.js';
import type { StoreRetry } from './store-retry.js';

/** The methods that change state, per part of the store; every other method is a read. */
const WRITES: Record<'subscriptions' | 'ledger' | 'papers' | 'reloads', ReadonlySet<string>> = {
  subscriptions: new Set([
    'add',
    'setStatus',
    'addDraft',
    'confirmDraft',
    'discardDraft',
    'remove',
    'removeAlert',
    'forgetUser',
  ]),
  ledger: new Set([
    'claimScheduled',
    'startManual',
    'savePlan',
    'markSent',
    'postpone',
    'release',
    'giveUp',
    'markEmpty',
  ]),
  papers: new Set(['recordPapers', 'recordShown']),
  reloads: new Set(['record']),
};

function retried<T extends object>(part: T, name: keyof typeof WRITES, retry: StoreRetry): T {
  return new Proxy(part, {
    get(object, key) {
      const value: unknown = Reflect.get(object, key, object);
      if (typeof value !== 'function' || typeof key !== 'string') return value;
      const kind = WRITES[name].has(key) ? 'write' : 'read';
      return (...args: unknown[]) =>
        retry.run(kind, `${name}.${key}`, () => (value as (...a: unknown[]) => Promise<unknown>).apply(object, args));
    },
  });
}

/**
 * The same store with every call retried through outages (`StoreRetry`): writes for as long as the
 * write budget, reads briefly. Each call is one statement or one transaction, so a retried call is whole.
 * A write that committed but whose answer was lost is repeated: each write is idempotent or harmless
 * twice (a claim comes back `held` by this owner until its lease runs out).
 */
export function retryingStore(store: Store, retry: StoreRetry): Store {
  return {
    engine: store.engine,
    location: store.location,
    schemaVersion: store.schemaVersion,
    subscriptions: retried(store.subscriptions, 'subscriptions', retry),
    ledger: retried(store.ledger, 'ledger', retry),
    papers: retried(store.papers, 'papers', retry),
    reloads: retried(store.reloads, 'reloads', retry),
    // A vote is a member's press, answered at once: a toggle repeated after a lost commit would undo it, so
    // votes are not retried; a failed press says so and the member presses again.
    votes: store.votes,
    // A conversation turn is answered at once; a lost save costs the next turn its context, not the answer.
    conversations: store.conversations,
    // Settings are read and written as a user asks; a notice taken twice after a lost answer would be lost.
    users: store.users,
    isTransient: (error) => store.isTransient(error),
    close: () => store.close(),
  };
}
