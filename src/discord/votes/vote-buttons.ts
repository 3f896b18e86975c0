// 👍 under a digest post or a public answer: the first press counts the member's vote for that paper in
// this server, the next takes it back. The reply is private, so the channel is not flooded with votes.
import type { ButtonHandler, Plan } from '../command.js';
import { message } from '../format/format-message.js';
import { escapeTitle } from '../format/format-text.js';
import { decodeVoteButton, VOTE_BUTTON_PREFIX } from './vote-row.js';

const TITLE_SHOWN_MAX = 120;

function plural(n: number): string {
  return `${n} vote${n === 1 ? '' : 's'}`;
}

/** Answers `vote1:<paper>` buttons. */
export function createVoteButtons(): ButtonHandler {
  return {
    prefix: VOTE_BUTTON_PREFIX,
    plan(interaction, ctx): Plan {
      const say = (content: string) => ({ body: message({ content }) });
      return {
        ack: 'private',
        run: async () => {
          const { votes } = ctx;
          if (!votes) return say('Votes need Paperboy’s data store, and this bot runs without one.');
          const guildId = interaction.guildId;
          if (!guildId) return say('Votes count per server: vote on a digest or a public answer in a server channel.');
          const { index } = ctx.corpus();
          const paperId = decodeVoteButton(interaction.customId, () => index.paperIds);
          const paper = paperId === undefined ? undefined : index.paperById(paperId);
          if (!paper) return say('That paper is no longer in the corpus, so it can no longer be voted for.');
          const result = await votes.toggle(
            { guildId, userId: interaction.user.id, paperId: paper.id },
            new Date(ctx.clock.now()),
          );
          const title = `**${escapeTitle(paper.title, TITLE_SHOWN_MAX)}**`;
          return say(
            result.voted
              ? `👍 Counted your vote for ${title}: ${plural(result.votes)} in this server. Press 👍 again to take it back.`
              : `Took back your vote for ${title}: ${plural(result.votes)} left in this server.`,
          );
        },
      };
    },
  };
}
