import { ApplicationCommandOptionType, ApplicationCommandType, InteractionContextType } from 'discord.js';
import { TOPIC_MAX_LENGTH } from '../../core/digest/subscription.js';
import { periodStart, TOP_LIMIT, TOP_PERIODS, topPapers, type TopPeriod } from '../../core/votes/top-papers.js';
import type { Command } from '../command.js';
import { message } from '../format/format-message.js';
import { formatTop } from '../format/format-top.js';

/** Voted papers read from the store before the topic narrows them: enough for any topic to find ten. */
const CANDIDATES = 500;

/** `/top [period] [topic]`: the papers this server voted for most. */
export const topCommand = {
  kind: 'slash',
  data: {
    type: ApplicationCommandType.ChatInput,
    name: 'top',
    description: 'The papers this server voted for most (press 👍 under a digest or a public answer to vote)',
    contexts: [InteractionContextType.Guild],
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'period',
        description: 'How far back to count votes (default: week)',
        choices: TOP_PERIODS.map((p) => ({ name: p, value: p })),
      },
      {
        type: ApplicationCommandOptionType.String,
        name: 'topic',
        description: 'Only papers on this topic, e.g. diffusion -video',
        max_length: TOPIC_MAX_LENGTH,
      },
    ],
  },
  plan(interaction, ctx) {
    const period = (interaction.options.getString('period') ?? 'week') as TopPeriod;
    const topic = interaction.options.getString('topic') ?? '';
    const guildId = interaction.guildId;
    return {
      ack: 'public',
      run: async () => {
        if (!ctx.votes)
          return { body: message({ content: 'Votes need Paperboy’s data store, and this bot runs without one.' }) };
        if (!guildId) return { body: message({ content: '`/top` lists a server’s votes: use it in a server.' }) };
        const since = periodStart(TOP_PERIODS.includes(period) ? period : 'week', new Date(ctx.clock.now()));
        const counts = await ctx.votes.top(guildId, since, CANDIDATES);
        const { index } = ctx.corpus();
        const list = topPapers(counts, (id) => index.paperById(id), topic, TOP_LIMIT);
        return { body: formatTop({ period, topic, list }) };
      },
    };
  },
} satisfies Command;
