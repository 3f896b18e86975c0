import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord.js';
import { answerMessage } from '../ask/ask-messages.js';
import { normalizeQuestion, QUESTION_MAX } from '../ask/ask-state.js';
import type { Command } from '../command.js';
import { isPaperboyThread } from '../conversation/message-turns.js';
import { planThreadAsk } from '../conversation/thread-ask.js';
import { FILTER_OPTIONS, filterChoices, withFilters } from '../filter-options.js';

/**
 * `/ask question:<text> [public:<bool>] [author] [since] [until] [venue]`: the passages that answer, privately
 * unless asked otherwise; the filters (options, or typed in the question) narrow the papers.
 */
export const askCommand = {
  kind: 'slash',
  data: {
    type: ApplicationCommandType.ChatInput,
    name: 'ask',
    description: 'Ask the papers a question: the passages that answer it, with links',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'question',
        description: 'What you want to know, e.g. "what mask ratio does PRED use?"',
        required: true,
        min_length: 2,
        max_length: QUESTION_MAX,
      },
      {
        type: ApplicationCommandOptionType.Boolean,
        name: 'public',
        description: 'Post the answer for the whole channel (default: only you see it)',
      },
      ...FILTER_OPTIONS,
    ],
  },
  autocomplete(interaction, ctx) {
    return filterChoices(ctx.corpus().index, interaction.options.getFocused(true)) ?? [];
  },
  plan(interaction, ctx) {
    const isPublic = interaction.options.getBoolean('public') ?? false;
    // The options join the question in the filter grammar: the footer then holds them, and so do the buttons.
    const question = withFilters(interaction, normalizeQuestion(interaction.options.getString('question', true)));
    // In one of Paperboy's follow-up threads, a question is a turn of its conversation.
    if (isPaperboyThread(interaction.channel, interaction.client.user.id)) {
      return planThreadAsk(interaction, ctx, interaction.channel, question);
    }
    return {
      ack: isPublic ? 'public' : 'private',
      run: async () => ({
        body: await answerMessage(ctx.corpus().search, { question, offset: 0, shareable: !isPublic }),
      }),
    };
  },
} satisfies Command;
