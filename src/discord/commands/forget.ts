import { ApplicationCommandType } from 'discord.js';
import type { Command } from '../command.js';
import { message } from '../format/format-message.js';

/**
 * `/forget`: drops everything Paperboy keeps about the caller: their DM conversation, the follow-up threads
 * they opened (the threads stay in Discord; Paperboy no longer remembers what was asked there), their votes
 * and their alerts (with the time zone they gave).
 */
export const forgetCommand = {
  kind: 'slash',
  data: {
    type: ApplicationCommandType.ChatInput,
    name: 'forget',
    description: 'Forget what Paperboy keeps about you: your conversations, votes and alerts',
  },
  plan(interaction, ctx) {
    return {
      ack: 'private',
      run: async () => {
        const report = await ctx.forgetUser(interaction.user.id);
        ctx.logger.info({ user: interaction.user.id, ...report }, 'forgot a user');
        const parts = [
          count(report.conversations, 'conversation', ' (your DM with Paperboy and the follow-up threads you opened)'),
          count(report.votes, 'vote', ''),
          count(report.alerts, 'alert', ' (with your remembered time zone)'),
        ].filter((p) => p !== undefined);
        const content =
          parts.length === 0
            ? 'Paperboy keeps nothing about you: nothing to forget.'
            : `Forgotten: ${parts.join(', ')}. The next question there starts afresh.`;
        return { body: message({ content }) };
      },
    };
  },
} satisfies Command;

function count(n: number, noun: string, detail: string): string | undefined {
  return n === 0 ? undefined : `${n} ${noun}${n === 1 ? '' : 's'}${detail}`;
}
