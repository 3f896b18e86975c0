// The buttons under an answer. Each click recomputes its message from the question (read back from
// the message footer, checked against the hash in the custom id) and the page offset, so the buttons
// work on any process, after any restart; what cannot be read back answers as expired.
import { MessageFlags, type ButtonInteraction } from 'discord.js';
import { answerMessage, citationsMessage, expiredMessage, fullPassagesMessage } from './ask-messages.js';
import { ASK_BUTTON_PREFIX, decodeAskButton, questionHash } from './ask-state.js';
import type { ButtonHandler, Plan } from '../command.js';
import { questionFromFooters } from '../format/format-answer.js';
import { message } from '../format/format-message.js';
import { planFollowUpThread } from '../conversation/open-thread.js';

/** Messages shared in this process: a double click must not post twice (the disabled button covers restarts). */
const SHARED_MAX = 5000;

/** Was "Share in channel" on this message already used? Its button is then disabled. */
function alreadyShared(interaction: ButtonInteraction): boolean {
  return interaction.message.components.some((row) =>
    'components' in row
      ? row.components.some((c) => 'customId' in c && c.customId?.startsWith(`${ASK_BUTTON_PREFIX}:s:`) && c.disabled)
      : false,
  );
}

/** Builds the handler; the set of shared message ids lives as long as the router. */
export function createAskButtons(): ButtonHandler {
  const shared = new Set<string>();
  const threads = new Map<string, string>();
  return {
    prefix: ASK_BUTTON_PREFIX,
    plan(interaction, ctx): Plan {
      const expired: Plan = { ack: 'private', run: () => ({ body: expiredMessage() }) };
      const state = decodeAskButton(interaction.customId);
      if (!state) return expired;
      const question = questionFromFooters(interaction.message.embeds.map((e) => e.footer?.text));
      if (question === undefined || questionHash(question) !== state.hash) return expired;
      const isPrivate = interaction.message.flags.has(MessageFlags.Ephemeral);
      const search = () => ctx.corpus().search;
      const { offset } = state;

      switch (state.action) {
        case 'p':
          // A private answer pages in place; a public one is not changed under the channel's eyes:
          // the clicker gets that page privately.
          return {
            ack: isPrivate ? 'update' : 'private',
            run: async () => ({
              body: await answerMessage(search(), {
                question,
                offset,
                shareable: true,
                shared: isPrivate && alreadyShared(interaction),
              }),
            }),
          };
        case 'f':
          return { ack: 'private', run: async () => ({ body: await fullPassagesMessage(search(), question, offset) }) };
        case 'c':
          return { ack: 'private', run: async () => ({ body: await citationsMessage(search(), question, offset) }) };
        case 's': {
          if (!isPrivate) {
            return {
              ack: 'private',
              run: () => ({ body: message({ content: 'This answer is already in the channel.' }) }),
            };
          }
          const first = !alreadyShared(interaction) && !shared.has(interaction.message.id);
          if (first) {
            if (shared.size >= SHARED_MAX) shared.clear();
            shared.add(interaction.message.id);
          }
          return {
            ack: 'update',
            run: async () => ({
              body: await answerMessage(search(), { question, offset, shareable: true, shared: true }),
              followUps: first
                ? [{ body: await answerMessage(search(), { question, offset, shareable: false }), private: false }]
                : [{ body: message({ content: 'Already shared in this channel.' }), private: true }],
            }),
          };
        }
        case 't':
          return planFollowUpThread(interaction, ctx, question, threads);
      }
    },
  };
}
