import { ApplicationCommandType, type Message } from 'discord.js';
import { answerMessage } from '../ask/ask-messages.js';
import { normalizeQuestion } from '../ask/ask-state.js';
import type { Command } from '../command.js';
import { message } from '../format/format-message.js';

/** The words of a message to search with: its text, else its embeds' titles and descriptions (a bot's answer). */
export function messageText(target: Pick<Message, 'content' | 'embeds'>): string {
  if (target.content.trim().length > 0) return target.content;
  return target.embeds.flatMap((e) => [e.title ?? '', e.description ?? '']).join(' ');
}

/** Message context menu "Find papers about this": `/ask` on the message's text, privately. */
export const findPapersCommand = {
  kind: 'message-menu',
  data: {
    type: ApplicationCommandType.Message,
    name: 'Find papers about this',
  },
  plan(interaction, ctx) {
    // Mentions in the message are markup, not words to search for.
    const question = normalizeQuestion(messageText(interaction.targetMessage).replace(/<[@#][!&]?\d+>/g, ' '));
    return {
      ack: 'private',
      run: async () =>
        question.length === 0
          ? { body: message({ content: 'That message has no text to search the papers for.' }) }
          : { body: await answerMessage(ctx.corpus().search, { question, offset: 0, shareable: true }) },
    };
  },
} satisfies Command;
