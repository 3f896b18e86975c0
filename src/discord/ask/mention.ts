// "@Paperboy what is DropPos?" in a channel: the text after the mention is the question. Discord sends
// the content of a message that mentions the bot without the privileged MessageContent intent.
import { answerMessage } from './ask-messages.js';
import { normalizeQuestion } from './ask-state.js';
import type { CorpusView } from '../command.js';
import { message, type MessageBody } from '../format/format-message.js';

/**
 * The question in a message that mentions the bot: the content without the bot's mention (either
 * form) and other user/role/channel mentions. Undefined when the bot is not mentioned in the text
 * (a reply to the bot's message mentions it only in metadata).
 * @example mentionQuestion('<@42> what is DropPos?', '42') // 'what is DropPos?'
 */
export function mentionQuestion(content: string, botId: string): string | undefined {
  const own = new RegExp(`<@!?${botId}>`, 'g');
  if (!own.test(content)) return undefined;
  return normalizeQuestion(content.replace(own, ' ').replace(/<(?:@[!&]?|#)\d+>/g, ' '));
}

/** The reply to a mention: the answer (public, like the question), or how to ask when there was no question. */
export async function mentionReply(corpus: CorpusView, question: string): Promise<MessageBody> {
  if (question.length === 0) {
    return message({
      content: 'Ask me about the papers: mention me with a question, or use `/ask` (private) and `/paper`.',
    });
  }
  return answerMessage(corpus.search, { question, offset: 0, shareable: false });
}
