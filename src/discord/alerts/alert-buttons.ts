// The Save / Cancel buttons under an `/alert add` preview. The alert waits in the store as a draft named
// by the token in the button id, so a click works after a restart and on any process.
import type { ButtonHandler, Plan } from '../command.js';
import { message } from '../format/format-message.js';
import { ALERT_BUTTON_PREFIX, describeAlert } from './alert-replies.js';

const ID = new RegExp(`^${ALERT_BUTTON_PREFIX}:(save|cancel):([\\w-]{1,40})$`);
const EXPIRED = 'This preview has expired. Run `/alert add` again.';

/** Answers `alert:save:<token>` and `alert:cancel:<token>` by editing the preview in place. */
export function createAlertButtons(): ButtonHandler {
  return {
    prefix: ALERT_BUTTON_PREFIX,
    plan(interaction, ctx): Plan {
      const done = (content: string) => ({ body: message({ content, embeds: [], components: [] }) });
      const match = ID.exec(interaction.customId);
      const service = ctx.alerts;
      if (!match || !service) return { ack: 'update', run: () => done(EXPIRED) };
      const [, action, token] = match as unknown as [string, 'save' | 'cancel', string];
      const userId = interaction.user.id;
      if (action === 'cancel') {
        return {
          ack: 'update',
          run: async () => {
            await service.cancel(token, userId);
            return done('Cancelled: nothing was saved.');
          },
        };
      }
      return {
        ack: 'update',
        run: async () => {
          const result = await service.confirm(token, userId);
          if (result.kind === 'not-yours') return done('Only the person who ran `/alert add` can save it.');
          if (result.kind === 'too-many') {
            return done(`You have ${result.max} alerts, the most Paperboy keeps. Remove one with \`/alert remove\`.`);
          }
          if (result.kind !== 'subscribed') return done(EXPIRED);
          const alert = result.subscription;
          ctx.logger.info({ subscription: alert.id, guild: alert.guildId, user: userId }, 'alert: saved');
          return done(
            `Saved alert ${describeAlert(alert)}. Paperboy sends you a DM at ${alert.time} on days with something new. ` +
              '`/alert list` shows your alerts; `/forget` removes them all.',
          );
        },
      };
    },
  };
}
