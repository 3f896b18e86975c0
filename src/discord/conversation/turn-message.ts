// A turn of a conversation (in a thread Paperboy started, or a DM) as a message: how the question was
// read, which papers left the corpus since, then the answer. No buttons: they re-ask the question on its
// own, which a follow-up read against the conversation is not.
import type { ConversationReply } from '../../core/answer/conversation.js';
import { describeReading } from '../../core/answer/follow-up.js';
import type { SearchIndex } from '../../core/search/search-index.js';
import { formatAnswer, formatNoMatch } from '../format/format-answer.js';
import { message, type MessageBody } from '../format/format-message.js';
import { escapeText } from '../format/format-text.js';

/**
 * The reply to one turn: `-# (about PRED, from your last question; new: starts afresh)` above the answer
 * when the question was read against the turns before, and a line for each paper in focus that has left
 * the corpus.
 * @example turnMessage(index, await search.converse(conversation, 'what mask ratio does it use?'))
 */
export function turnMessage(index: SearchIndex, reply: ConversationReply): MessageBody {
  const lines = reply.dropped.map(
    (id) => `-# (${escapeText(id)} has left the corpus: this conversation goes on without it)`,
  );
  const reading = describeReading(index, reply.reading);
  if (reading !== undefined) lines.push(`-# (${escapeText(reading)}; \`new:\` starts afresh)`);
  const page = reply.answer.kind === 'answer' ? formatAnswer(reply.answer) : formatNoMatch(reply.answer);
  return message({ content: [...lines, page.content].filter((l) => l !== '').join('\n'), embeds: page.embeds });
}

/** The first message in a new follow-up thread: how to go on. */
export function threadIntroMessage(): MessageBody {
  return message({
    content:
      'Ask follow-ups here: mention me or reply to one of my messages (`/ask` works here too). I read them ' +
      'against this answer — "what mask ratio does it use?", "what about DropPos?", "compare them" — and ' +
      '`new:` before a question starts afresh. I keep the questions and the papers for a day after the last ' +
      'one; `/forget` drops them.',
  });
}

/** What a DM or thread answers to a mention with no question in it. */
export function howToAskMessage(): MessageBody {
  return message({
    content:
      'Ask me about the papers: write a question, and follow-ups ("what mask ratio does it use?") are read ' +
      'against the ones before; `new:` starts afresh.',
  });
}
