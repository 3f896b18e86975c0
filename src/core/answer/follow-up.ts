import type { SearchIndex } from '../search/search-index.js';
import { termsOf } from '../search/text/tokenize.js';
import type { Conversation } from './conversation.js';
import { contentWords, namesPaper } from './question-words.js';
import { paperNamedById, papersWithName, readAnswerQuestion } from './read-question.js';

/**
 * How a question was read against its conversation. `new`: a question of its own (a new topic, or the
 * first); `back`: it refers back to the papers in focus; `named`: it names a paper, which takes the focus;
 * `pick`: it picks a paper of the last answer's list (`the second one`); `compare`: the papers in focus
 * side by side; `related`: papers like the one in focus.
 */
export interface Reading {
  kind: 'new' | 'back' | 'named' | 'pick' | 'compare' | 'related';
  /**
   * What is asked of the index: the question with its back-references left out, or the last question
   * when this one has no subject of its own (`what about DropPos?`); for `related`, the paper's title.
   */
  question: string;
  /** Ids of the papers the answer is scoped to (for `related`: the paper it is like); empty for `new`. */
  papers: string[];
  /** Why, as shown after the papers' names: `from your last question`. Empty for `new`. */
  why: string;
}

/** Words that point back at the papers in focus; plural ones at all of them. */
const SINGULAR =
  /\b(?:it|its|itself|the same|the authors?)\b|\b(?:this|that)\s+(?:paper|method|model|approach|work|one|technique|idea|result)s?\b|\b(?:this|that)\s*\??\s*$/gi;
const PLURAL = /\b(they|them|their|theirs|these|those|both|each|the two)\b/gi;
const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth'];
const PICK =
  /\b(?:the\s+)?(first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th)(?:\s+(?:one|paper|result)\b|\s*\??\s*$)/i;
const COMPARE = /^\s*(?:compare|contrast)\b|\b(?:differ|difference|differences|different)\b/i;
const COMPARE_WORDS = /\b(?:compare|contrast|differ|difference|differences|different)\b/gi;
const RELATED =
  /^\s*(?:(?:show\s+(?:me\s+)?)?(?:more|papers|others)\s+like\b|(?:similar|related)\s+(?:papers|ones|work)\b|(?:papers\s+)?similar\s+to\b)/i;
const NEW = /^\s*new:\s*/i;
/** Words that ask for no subject of their own: `what about`, `and`, `how`, `compare`. */
const NO_SUBJECT = new Set([
  'about',
  'and',
  'also',
  'how',
  'why',
  'what',
  'more',
  'compare',
  'contrast',
  'on',
  'one',
  'ones',
]);

/**
 * Reads a question against a conversation, with no LLM: whether it refers back to the papers in focus
 * (`it`, `they`, `that method`, `the same`, `and …?`, or no subject of its own), names a paper, picks one of
 * the last answer's papers, compares the papers in focus, asks for papers like the one in focus, or is a
 * question of its own (a new subject, no back-reference, or the prefix `new:`).
 * @example
 * readFollowUp(conversation, 'what mask ratio does it use?', index)
 * // { kind: 'back', question: 'what mask ratio does use?', papers: ['pred'], why: 'from your last question' }
 */
export function readFollowUp(conversation: Conversation, question: string, index: SearchIndex): Reading {
  const last = conversation.turns.at(-1);
  const focus = conversation.focus;
  const fresh = (text: string): Reading => ({ kind: 'new', question: text, papers: [], why: '' });
  if (NEW.test(question)) return fresh(question.replace(NEW, ''));
  if (!last || focus.length === 0) {
    // `papers like DropPos` needs no conversation: the paper is named.
    const like = RELATED.test(question) ? namedPapers(index, question)[0] : undefined;
    return like ? related(index, like.id) : fresh(question);
  }
  const named = namedPapers(index, question);
  const plural = PLURAL.test(question);
  PLURAL.lastIndex = 0;
  const singular = SINGULAR.test(question);
  SINGULAR.lastIndex = 0;
  const stripped = withoutBackReferences(question);
  const nameWords = new Set(named.flatMap((n) => n.words.map((w) => w.toLowerCase())));
  const subject = contentWords(stripped).filter(
    (w) => !nameWords.has(w.toLowerCase()) && !NO_SUBJECT.has(w.toLowerCase()),
  );
  // A question with no subject of its own asks the last one again, of other papers.
  const asked = subject.length > 0 ? stripped : last.reading.question;
  const ids = named.map((n) => n.id);

  if (RELATED.test(question)) {
    return related(index, ids[0] ?? focus[0]!);
  }
  if (COMPARE.test(question) && (plural || ids.length > 0)) {
    const papers = ids.length >= 2 ? ids : [...new Set([...ids, ...focus])];
    const rest = stripped.replace(COMPARE_WORDS, ' ').replace(/\s+/g, ' ').trim();
    const compared = contentWords(rest).some((w) => !NO_SUBJECT.has(w.toLowerCase())) ? rest : last.reading.question;
    return { kind: 'compare', question: compared, papers, why: 'side by side' };
  }
  const pick = PICK.exec(question);
  if (pick && ids.length === 0) {
    const position = pick[1]!.toLowerCase();
    const at = position === 'last' ? last.papers.length - 1 : ordinalAt(position);
    const id = last.papers[at];
    const rest = contentWords(question.replace(PICK, ' ')).filter((w) => !NO_SUBJECT.has(w.toLowerCase()));
    if (id !== undefined) {
      const asked = rest.length > 0 ? question.replace(PICK, ' ') : last.reading.question;
      return { kind: 'pick', question: asked, papers: [id], why: `the ${position} of your last answer` };
    }
  }
  const refersBack = plural || singular || /^\s*and\b/i.test(question) || subject.length === 0;
  // A question with a subject of its own that names a paper is a question of its own: `ask` puts that paper first.
  if (ids.length > 0 && refersBack) return { kind: 'named', question: asked, papers: ids, why: 'as you named it' };
  if (ids.length === 0 && refersBack) {
    const papers = plural ? [...focus] : [focus[0]!];
    return { kind: 'back', question: asked, papers, why: 'from your last question' };
  }
  return fresh(question);
}

/** Papers like paper `id`: asked its title. */
function related(index: SearchIndex, id: string): Reading {
  return { kind: 'related', question: index.paperById(id)?.title ?? id, papers: [id], why: 'papers like it' };
}

/**
 * How a reading is shown, so a wrong one is visible: the papers it was scoped to and why; `undefined`
 * for a question of its own.
 * @example describeReading(index, reading) // 'about PRED, from your last question'
 */
export function describeReading(index: SearchIndex, reading: Reading): string | undefined {
  if (reading.kind === 'new') return undefined;
  const names = reading.papers.map((id) => shortName(index.paperById(id)?.title ?? id));
  return `about ${names.join(' and ')}, ${reading.why}`;
}

/** A paper's short name: the lead of its title before a colon (`PRED`), else the title, clipped. */
export function shortName(title: string): string {
  const head = title.split(/:\s/)[0]!.trim();
  return head.length <= 48 ? head : `${head.slice(0, 47).trimEnd()}…`;
}

/** The question with its back-references (`it`, `they`, `this paper`) left out: they are no subject. */
function withoutBackReferences(question: string): string {
  return question
    .replace(SINGULAR, ' ')
    .replace(PLURAL, ' ')
    .replace(/^\s*and\b/i, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function ordinalAt(word: string): number {
  const digit = /^(\d)/.exec(word);
  return digit ? Number(digit[1]) - 1 : ORDINALS.indexOf(word);
}

/**
 * The papers a question names, as `ask` recognises a name (its id, a name of its title, a proper name only
 * it uses), each with the words that name it; a paper once, in the order named.
 */
function namedPapers(index: SearchIndex, question: string): Array<{ id: string; words: string[] }> {
  const found = new Map<string, string[]>();
  const read = readAnswerQuestion(index, question);
  const content = [...read.content];
  const byId = paperNamedById(index, read);
  if (byId)
    found.set(
      byId.paper.id,
      content.filter((w) => w === byId.paper.id),
    );
  const papersWith = (term: string) => papersWithName(index, term);
  for (const word of content) {
    const terms = termsOf(word);
    if (terms.length !== 1) continue;
    for (const id of papersWith(terms[0]!)) {
      const paper = index.paperById(id);
      if (paper && namesPaper(word, paper, papersWith)) found.set(id, [...(found.get(id) ?? []), word]);
    }
  }
  return [...found].map(([id, words]) => ({ id, words }));
}
