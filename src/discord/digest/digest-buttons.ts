// The Subscribe / Cancel buttons under a `/digest subscribe` preview. The settings wait in the store as a
// draft named by the token in the button id, so a click works after a restart and on any process.
import type { ButtonHandler, Plan } from '../command.js';
import { formatSubscriptionSummary } from '../format/format-digest.js';
import { message } from '../format/format-message.js';

/** The prefix of the preview's button ids: `digest:confirm:<token>`, `digest:cancel:<token>`. */
export const DIGEST_BUTTON_PREFIX = 'digest';

const ID = new RegExp(`^${DIGEST_BUTTON_PREFIX}:(confirm|cancel):([\\w-]{1,40})$`);
const EXPIRED = 'This preview has expired. Run `/digest subscribe` again.';

/** Answers `digest:confirm:<token>` and `digest:cancel:<token>` by editing the preview in place. */
export function createDigestButtons(): ButtonHandler {
  return {
    prefix: DIGEST_BUTTON_PREFIX,
    plan(interaction, ctx): Plan {
      const done = (content: string) => ({ body: message({ content, embeds: [], components: [] }) });
      const match = ID.exec(interaction.customId);
      const service = ctx.digests;
      if (!match || !service) return { ack: 'update', run: () => done(EXPIRED) };
      const [, action, token] = match as unknown as [string, 'confirm' | 'cancel', string];
      if (action === 'cancel') {
        return {
          ack: 'update',
          run: async () => {
            // Cancelled either way: a draft that is gone (expired, confirmed elsewhere) saved nothing here.
            await service.cancel(token, interaction.user.id);
            return done('Cancelled: nothing was saved.');
          },
        };
      }
      return {
        ack: 'update',
        run: async () => {
          const result = await service.confirm(token, interaction.user.id);
          if (result.kind === 'not-yours') return done('Only the person who ran `/digest subscribe` can confirm it.');
          if (result.kind !== 'subscribed') return done(EXPIRED);
          const sub = result.subscription;
          ctx.logger.info(
            { subscription: sub.id, guild: sub.guildId, channel: sub.channelId, user: interaction.user.id },
            'digest: subscribed',
          );
          return done(
            `Subscribed: ${formatSubscriptionSummary(sub)}. The first digest comes at the next ${sub.time}. ` +
              'Paperboy needs View Channel, Send Messages and Embed Links there; `/digest list` shows if anything is wrong.',
          );
        },
      };
    },
  };
}
