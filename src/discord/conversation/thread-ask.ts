// `/ask` inside a thread Paperboy started is a turn of its conversation, answered in the thread for all to
// see. In a locked thread the answer is private and the conversation is left as it was.
import type { AnyThreadChannel, ChatInputCommandInteraction } from 'discord.js';
import { NEW_CONVERSATION } from '../../core/answer/conversation.js';
import { takeTurn } from '../../store/conversation-turn.js';
import type { BotContext, Plan } from '../command.js';
import { message } from '../format/format-message.js';
import { turnMessage } from './turn-message.js';

const LOCKED_NOTE = '-# (This thread is locked: only you see this answer, and it is not added to the conversation.)';

/** The plan for `/ask question` in `thread`, one of Paperboy's follow-up threads. */
export function planThreadAsk(
  interaction: ChatInputCommandInteraction,
  ctx: BotContext,
  thread: AnyThreadChannel,
  question: string,
): Plan {
  const locked = thread.locked ?? false;
  return {
    ack: locked ? 'private' : 'public',
    run: async () => {
      const corpus = ctx.corpus();
      const now = new Date(ctx.clock.now());
      const place = { store: ctx.conversations, key: `thread:${thread.id}` as const, owner: interaction.user.id, now };
      if (!locked) {
        const reply = await takeTurn(place, (conversation) => corpus.search.converse(conversation, question));
        return { body: turnMessage(corpus.index, reply) };
      }
      const kept = await ctx.conversations.load(place.key, now);
      const reply = await corpus.search.converse(kept?.conversation ?? NEW_CONVERSATION, question);
      const body = turnMessage(corpus.index, reply);
      return { body: message({ ...body, content: `${LOCKED_NOTE}\n${body.content ?? ''}` }) };
    },
  };
}
