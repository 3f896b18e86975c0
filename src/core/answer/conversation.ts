import type { SearchIndex } from '../search/search-index.js';
import { ANSWER_OPTIONS, ask, type Answer } from './answer.js';
import { readFollowUp, type Reading } from './follow-up.js';
import { filterText, isUnfiltered } from '../search/filter/filter-grammar.js';
import { readQuestionFilters } from './applied-filters.js';

export type { Reading } from './follow-up.js';

/** One question of a conversation: as typed, how it was read, and the papers answered, in order. */
export interface Turn {
  question: string;
  reading: Reading;
  papers: string[];
}

/** A conversation: its turns, oldest first (at most {@link MAX_TURNS}), and the papers in focus, most recent first. */
export interface Conversation {
  turns: readonly Turn[];
  focus: readonly string[];
}

export const NEW_CONVERSATION: Conversation = { turns: [], focus: [] };

/** Turns a conversation keeps; older ones are dropped. */
export const MAX_TURNS = 20;
/** Papers in focus: `they` and `compare them` mean at most these. */
export const FOCUS_SIZE = 3;

export interface ConversationReply {
  reading: Reading;
  answer: Answer;
  conversation: Conversation;
  /** Ids of papers in focus that have left the corpus since: the conversation went on without them. */
  dropped: string[];
}

/**
 * Answers one question of a conversation: reads it against the turns before ({@link readFollowUp}), answers
 * it (from the papers in focus only when it refers back, saying what they lack), and returns the
 * conversation with the turn added and the focus moved. Pure: the conversation given is not changed.
 * @example
 * const first = converse(index, NEW_CONVERSATION, 'which paper pre-trains on LiDAR point clouds?');
 * const next = converse(index, first.conversation, 'what mask ratio does it use?');
 * next.reading.papers // [PRED's id]
 */
export function converse(
  index: SearchIndex,
  conversation: Conversation,
  question: string,
  options: { limit?: number } = {},
): ConversationReply {
  const limit = Math.max(1, options.limit ?? ANSWER_OPTIONS.limit);
  // A paper removed from the corpus since leaves the focus (the answer says so) rather than scoping to nothing.
  const dropped = conversation.focus.filter((id) => index.paperById(id) === undefined);
  if (dropped.length > 0)
    conversation = { ...conversation, focus: conversation.focus.filter((id) => !dropped.includes(id)) };
  // Filters (`author:he since:2022`) narrow the answer, not the reading: a follow-up is read without them.
  const parsed = readQuestionFilters(index, question);
  const filters = parsed.problems.length === 0 && !isUnfiltered(parsed.filters) ? filterText(parsed.filters) : '';
  const reading = readFollowUp(conversation, filters === '' ? question : parsed.text, index);
  const answer = answerReading(
    index,
    filters === '' ? reading : { ...reading, question: `${reading.question} ${filters}` },
    limit,
  );
  const papers = answer.kind === 'answer' ? answer.papers.map((p) => p.paper.id) : [];
  const turn: Turn = { question, reading, papers };
  return {
    reading,
    answer,
    dropped,
    conversation: { turns: [...conversation.turns, turn].slice(-MAX_TURNS), focus: nextFocus(conversation, turn) },
  };
}

function answerReading(index: SearchIndex, reading: Reading, limit: number): Answer {
  switch (reading.kind) {
    case 'new':
      return ask(index, reading.question, { limit });
    case 'related': {
      // Any share of the title's words relates a paper: the ranking, not the cut, says how closely.
      const like = ask(index, reading.question, { limit: limit + 1 }, { ...ANSWER_OPTIONS, minCoverage: 0 });
      if (like.kind !== 'answer') return like;
      // Nothing was asked of them, so nothing is missing.
      const others = like.papers
        .filter((p) => !reading.papers.includes(p.paper.id))
        .slice(0, limit)
        .map((p) => ({ ...p, missing: [] }));
      if (others.length === 0) {
        return { kind: 'no-match', question: reading.question, reason: 'weak-match', unknown: [], suggestions: [] };
      }
      return { ...like, papers: others, total: Math.max(others.length, like.total - 1) };
    }
    default:
      return ask(index, reading.question, {
        limit: Math.max(limit, reading.papers.length),
        within: new Set(reading.papers),
      });
  }
}

/**
 * Where the focus goes: to a new topic's papers (kept when nothing answered it), to a paper named or
 * picked (ahead of the others); it stays for a question that refers back, a comparison or related papers.
 */
function nextFocus(conversation: Conversation, turn: Turn): string[] {
  const { focus } = conversation;
  switch (turn.reading.kind) {
    case 'new':
      return turn.papers.length > 0 ? turn.papers.slice(0, FOCUS_SIZE) : [...focus];
    case 'named':
    case 'pick':
      return [...new Set([...turn.reading.papers, ...focus])].slice(0, FOCUS_SIZE);
    default:
      return [...focus];
  }
}
