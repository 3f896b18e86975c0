import { ApplicationCommandType } from 'discord.js';
import type { Command } from '../command.js';
import { message } from '../format/format-message.js';

/**
 * `/forget`: drops everything Paperboy keeps about the caller: their DM conversation and the follow-up
 * threads they opened (the threads stay in Discord; Paperboy no longer remembers what was asked there).
 */
export const forgetCommand = {
  kind: 'slash',
  data: {
    type: ApplicationCommandType.ChatInput,
    name: 'forget',
    description: 'Forget your conversations with Paperboy (your DM and the follow-up threads you opened)',
  },
  plan(interaction, ctx) {
    return {
      ack: 'private',
      run: async () => {
        const report = await ctx.forgetUser(interaction.user.id);
        ctx.logger.info({ user: interaction.user.id, ...report }, 'forgot a user');
        const n = report.conversations;
        const content =
          n === 0
            ? 'Paperboy keeps nothing about you: no conversation to forget.'
            : `Forgotten: ${n} conversation${n === 1 ? '' : 's'} (your DM with Paperboy and the follow-up threads ` +
              'you opened). The next question there starts afresh.';
        return { body: message({ content }) };
      },
    };
  },
} satisfies Command;
