import { beforeAll, describe, expect, it } from 'vitest';
import { ask } from '../../../src/core/answer/answer.js';
import {
  converse,
  MAX_TURNS,
  NEW_CONVERSATION,
  type Conversation,
  type ConversationReply,
} from '../../../src/core/answer/conversation.js';
import { describeReading, readFollowUp } from '../../../src/core/answer/follow-up.js';
import { SearchIndex } from '../../../src/core/search/search-index.js';
import { seedPapers } from '../search-fixtures.js';

let index: SearchIndex;
let PRED: string;
let DROPPOS: string;
beforeAll(async () => {
  index = SearchIndex.build(await seedPapers());
  PRED = index.paperIds.find((id) => id.startsWith('pred-'))!;
  DROPPOS = index.paperIds.find((id) => id.startsWith('droppos-'))!;
});

const LIDAR = 'which paper pre-trains on LiDAR point clouds?';

/** Each question in turn in one conversation. */
function talk(questions: string[], start: Conversation = NEW_CONVERSATION): ConversationReply[] {
  let conversation = start;
  return questions.map((q) => {
    const reply = converse(index, conversation, q);
    conversation = reply.conversation;
    return reply;
  });
}

const paperIds = (reply: ConversationReply) =>
  reply.answer.kind === 'answer' ? reply.answer.papers.map((p) => p.paper.id) : [];

describe('readFollowUp', () => {
  it('reads the first question of a conversation as a question of its own', () => {
    expect(readFollowUp(NEW_CONVERSATION, LIDAR, index)).toEqual({ kind: 'new', question: LIDAR, papers: [], why: '' });
  });

  it('scopes a question with `it`, `and …` or no subject of its own to the paper in focus, the last question asked again', () => {
    const [first] = talk([LIDAR]);
    const conversation = first!.conversation;
    expect(conversation.focus).toEqual([PRED]);
    for (const question of ['what mask ratio does it use?', 'and the mask ratio?', 'does this paper use masking?']) {
      expect(readFollowUp(conversation, question, index)).toMatchObject({ kind: 'back', papers: [PRED] });
    }
    expect(readFollowUp(conversation, 'why?', index)).toMatchObject({ kind: 'back', question: LIDAR });
    expect(readFollowUp(conversation, 'what mask ratio does it use?', index).question).not.toMatch(/\bit\b/);
  });

  it('reads a question with a subject of its own and no back-reference as a new topic', () => {
    const conversation = talk([LIDAR])[0]!.conversation;
    for (const question of [
      'which paper studies offline reinforcement learning?',
      'find the paper about graph transformers',
      'what mask ratio does DropPos use?',
      'which papers use masking that helps pre-training',
      'how does the first layer of a vision transformer work?',
    ]) {
      expect(readFollowUp(conversation, question, index)).toMatchObject({ kind: 'new', question });
    }
  });

  it('starts afresh at `new:`, even for a question that refers back', () => {
    const conversation = talk([LIDAR])[0]!.conversation;
    expect(readFollowUp(conversation, 'new: what does it mask?', index)).toEqual({
      kind: 'new',
      question: 'what does it mask?',
      papers: [],
      why: '',
    });
  });

  it('shows how a question was read, naming the papers by the lead of their titles', () => {
    const replies = talk([LIDAR, 'what mask ratio does it use?']);
    expect(describeReading(index, replies[0]!.reading)).toBeUndefined();
    expect(describeReading(index, replies[1]!.reading)).toBe('about PRED, from your last question');
  });
});

describe('converse', () => {
  it('answers `what mask ratio does it use?` from PRED with its 95% sentence', () => {
    const [, follow] = talk([LIDAR, 'what mask ratio does it use?']);
    expect(paperIds(follow!)).toEqual([PRED]);
    expect(follow!.answer.kind === 'answer' && follow!.answer.papers[0]!.sentence.text).toContain('mask ratio (95%)');
  });

  it('keeps `does it use positional embeddings?` on PRED and says what PRED lacks; alone, DropPos answers it', () => {
    const [, follow] = talk([LIDAR, 'does it use positional embeddings?']);
    expect(paperIds(follow!)).toEqual([PRED]);
    expect(follow!.answer.kind === 'answer' && follow!.answer.papers[0]!.missing).toEqual(['positional', 'embeddings']);
    const alone = ask(index, 'does it use positional embeddings?');
    expect(alone.kind === 'answer' && alone.papers[0]!.paper.id).toBe(DROPPOS);
  });

  it('switches the focus to a paper named, asking it the last question; `compare them` then answers both', () => {
    const [, , named, compared] = talk([
      LIDAR,
      'does it use positional embeddings?',
      'what about DropPos?',
      'compare them',
    ]);
    expect(named!.reading).toMatchObject({
      kind: 'named',
      papers: [DROPPOS],
      question: 'does use positional embeddings?',
    });
    expect(paperIds(named!)).toEqual([DROPPOS]);
    expect(named!.conversation.focus).toEqual([DROPPOS, PRED]);
    expect(compared!.reading.kind).toBe('compare');
    expect(new Set(paperIds(compared!))).toEqual(new Set([DROPPOS, PRED]));
    expect(describeReading(index, compared!.reading)).toBe('about DropPos and PRED, side by side');
  });

  it('picks `the second one` from the last answer and moves the focus to it', () => {
    const replies = talk(['what is pre-training?', 'the second one']);
    const listed = paperIds(replies[0]!);
    expect(listed.length).toBeGreaterThanOrEqual(2);
    expect(replies[1]!.reading).toMatchObject({ kind: 'pick', papers: [listed[1]] });
    expect(paperIds(replies[1]!)).toEqual([listed[1]]);
    expect(replies[1]!.conversation.focus[0]).toBe(listed[1]);
  });

  it('lists papers like the one in focus for `more like this`, never that paper itself', () => {
    const [, related] = talk([LIDAR, 'more like this']);
    expect(related!.reading).toMatchObject({ kind: 'related', papers: [PRED] });
    expect(paperIds(related!).length).toBeGreaterThan(0);
    expect(paperIds(related!)).not.toContain(PRED);
    expect(talk(['papers like DropPos'])[0]!.reading).toMatchObject({ kind: 'related', papers: [DROPPOS] });
    const [, likeDropPos] = talk([LIDAR, 'papers like DropPos']);
    expect(likeDropPos!.reading).toMatchObject({ kind: 'related', papers: [DROPPOS] });
    expect(paperIds(likeDropPos!)).not.toContain(DROPPOS);
  });

  it('moves on at a new subject: the focus goes to the papers that answer it', () => {
    const replies = talk([LIDAR, 'which paper studies offline reinforcement learning with language pre-training?']);
    expect(replies[1]!.reading.kind).toBe('new');
    expect(paperIds(replies[1]!)).not.toContain(PRED);
    expect(replies[1]!.conversation.focus).toEqual(paperIds(replies[1]!));
  });

  it(`keeps the last ${MAX_TURNS} turns and leaves the conversation it was given unchanged`, () => {
    const start = talk([LIDAR])[0]!.conversation;
    const replies = talk(
      Array.from({ length: MAX_TURNS + 2 }, () => 'and the mask ratio?'),
      start,
    );
    expect(replies.at(-1)!.conversation.turns).toHaveLength(MAX_TURNS);
    expect(start.turns).toHaveLength(1);
  });
});

describe('converse: comparisons', () => {
  it('answers `how do they differ on X` from each paper in focus, asking X without the comparison words', () => {
    const [, , compared] = talk([LIDAR, 'what about DropPos?', 'how do they differ on positional embeddings?']);
    expect(compared!.reading).toMatchObject({ kind: 'compare', question: 'how do on positional embeddings?' });
    expect(new Set(paperIds(compared!))).toEqual(new Set([DROPPOS, PRED]));
    const pred =
      compared!.answer.kind === 'answer' ? compared!.answer.papers.find((p) => p.paper.id === PRED) : undefined;
    expect(pred?.missing).toEqual(['positional', 'embeddings']);
  });
});

describe('converse: a paper that left the corpus', () => {
  it('goes on without a paper in focus that was removed, and says which', async () => {
    const start = talk([LIDAR, 'what about DropPos?'])[1]!.conversation;
    expect(start.focus).toEqual([DROPPOS, PRED]);
    const without = SearchIndex.build((await seedPapers()).filter((p) => p.id !== DROPPOS));
    const reply = converse(without, start, 'what mask ratio does it use?');
    expect(reply.dropped).toEqual([DROPPOS]);
    expect(reply.reading).toMatchObject({ kind: 'back', papers: [PRED] });
    expect(reply.conversation.focus).toEqual([PRED]);
  });
});
