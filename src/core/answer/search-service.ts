import { ask, type Answer, type AskOptions } from './answer.js';
import { converse, type Conversation, type ConversationReply } from './conversation.js';
import { lookup, suggest, type LookupOptions, type LookupResult, type TitleSuggestion } from './lookup.js';
import type { SearchIndex } from '../search/search-index.js';

/** The index served to many callers at once: every call returns a promise and waits its turn. */
export interface SearchService {
  readonly index: SearchIndex;
  ask(question: string, options?: AskOptions): Promise<Answer>;
  /** A question of a conversation ({@link converse}), waiting its turn as `ask` does. */
  converse(conversation: Conversation, question: string, options?: { limit?: number }): Promise<ConversationReply>;
  lookup(query: string, options?: LookupOptions): Promise<LookupResult>;
  suggest(prefix: string, limit?: number): Promise<TitleSuggestion[]>;
  /** Calls waiting or running. */
  readonly pending: number;
}

export interface SearchServiceOptions {
  /**
   * Runs `task` after the event loop has had a turn (`setImmediate` in Node). Each call is its own task,
   * so a burst of 30 questions never blocks timers, sockets or a gateway heartbeat for longer than one
   * answer takes.
   */
  defer: (task: () => void) => void;
}

interface Job {
  run: () => unknown;
  resolve: (value: never) => void;
  reject: (error: unknown) => void;
}

/**
 * Serves `index` one call per event-loop turn: autocomplete and lookups (short, and Discord wants them
 * within 3 s) go before waiting questions; questions are answered in arrival order. A call that throws
 * (a bug) rejects its own promise only.
 * @example const search = serveSearch(index, { defer: setImmediate }); const answer = await search.ask('what is DropPos?')
 */
export function serveSearch(index: SearchIndex, options: SearchServiceOptions): SearchService {
  const quick: Job[] = [];
  const questions: Job[] = [];
  let scheduled = false;
  let running = 0;

  const drain = () => {
    scheduled = false;
    const job = quick.shift() ?? questions.shift();
    if (!job) return;
    running = 1;
    try {
      job.resolve(job.run() as never);
    } catch (error) {
      job.reject(error);
    } finally {
      running = 0;
    }
    schedule();
  };
  const schedule = () => {
    if (scheduled || (quick.length === 0 && questions.length === 0)) return;
    scheduled = true;
    options.defer(drain);
  };
  const enqueue = <T>(queue: Job[], run: () => T): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      queue.push({ run, resolve: resolve as (value: never) => void, reject });
      schedule();
    });

  return {
    index,
    ask: (question, askOptions = {}) => enqueue(questions, () => ask(index, question, askOptions)),
    converse: (conversation, question, converseOptions = {}) =>
      enqueue(questions, () => converse(index, conversation, question, converseOptions)),
    lookup: (query, lookupOptions = {}) => enqueue(quick, () => lookup(index, query, lookupOptions)),
    suggest: (prefix, limit) => enqueue(quick, () => suggest(index, prefix, limit)),
    get pending() {
      return quick.length + questions.length + running;
    },
  };
}
