import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  InteractionContextType,
  type ApplicationCommandOptionChoiceData,
} from 'discord.js';
import { suggestTimeZones } from '../../core/digest/schedule.js';
import { TOPIC_MAX_LENGTH } from '../../core/digest/subscription.js';
import { alertDraftReply, alertListReply, describeAlert } from '../alerts/alert-replies.js';
import type { Command, Plan } from '../command.js';
import { message } from '../format/format-message.js';
import { escapeText, plainText, truncateWords } from '../format/format-text.js';
import { AUTOCOMPLETE_CHOICES_MAX, CHOICE_NAME_MAX } from '../limits.js';

const NOT_SET_UP = 'Alerts are not set up on this bot (it runs without a data store).';
const NO_SUCH_ALERT = 'You have no such alert. `/alert list` shows yours.';

const alertOption = (description: string) => ({
  type: ApplicationCommandOptionType.String as const,
  name: 'alert',
  description,
  required: true,
  autocomplete: true,
  max_length: 20,
});

/**
 * `/alert add | list | remove | pause | resume`: a member's own saved searches, sent by DM each day at
 * their local time when something new matches. No permission needed; made in a server (the alert stops
 * if they leave it).
 */
export const alertCommand = {
  kind: 'slash',
  data: {
    type: ApplicationCommandType.ChatInput,
    name: 'alert',
    description: 'Your own daily alert by DM when new papers match a topic',
    contexts: [InteractionContextType.Guild],
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'add',
        description: 'Get a DM each day new papers match; shows a preview before saving',
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: 'topic',
            description: 'Words, "exact phrases" and -excluded words',
            required: true,
            max_length: TOPIC_MAX_LENGTH,
          },
          {
            type: ApplicationCommandOptionType.String,
            name: 'time',
            description: '24-hour local time, e.g. 08:00 (default 08:00)',
            min_length: 3,
            max_length: 5,
          },
          {
            type: ApplicationCommandOptionType.String,
            name: 'timezone',
            description: 'IANA time zone, e.g. Europe/Berlin; remembered for your later alerts',
            autocomplete: true,
            max_length: 64,
          },
        ],
      },
      { type: ApplicationCommandOptionType.Subcommand, name: 'list', description: 'Your alerts, and any paused' },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'remove',
        description: 'Delete an alert',
        options: [alertOption('The alert to delete')],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'pause',
        description: 'Stop an alert for now',
        options: [alertOption('The alert to pause')],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'resume',
        description: 'Start a paused alert again',
        options: [alertOption('The alert to resume')],
      },
    ],
  },

  async autocomplete(interaction, ctx): Promise<ApplicationCommandOptionChoiceData<string>[]> {
    const focused = interaction.options.getFocused(true);
    if (focused.name === 'timezone')
      return suggestTimeZones(String(focused.value)).map((name) => ({ name, value: name }));
    if (focused.name !== 'alert' || !ctx.alerts) return [];
    const typed = String(focused.value).trim().toLowerCase().replace(/^#/, '');
    return (await ctx.alerts.list(interaction.user.id))
      .map(({ alert }) => ({
        name: plainText(
          truncateWords(
            `#${alert.id} · ${alert.time} · ${alert.topic}${alert.status === 'active' ? '' : ` (${alert.status})`}`,
            CHOICE_NAME_MAX,
          ),
        ).slice(0, CHOICE_NAME_MAX),
        value: String(alert.id),
      }))
      .filter((choice) => typed === '' || choice.name.toLowerCase().includes(typed))
      .slice(0, AUTOCOMPLETE_CHOICES_MAX);
  },

  plan(interaction, ctx): Plan {
    const service = ctx.alerts;
    const say = (content: string) => ({ body: message({ content }) });
    if (!service || !interaction.guildId) {
      return { ack: 'private', run: () => say(service ? 'Make an alert in a server Paperboy is in.' : NOT_SET_UP) };
    }
    const guildId = interaction.guildId;
    const userId = interaction.user.id;
    const sub = interaction.options.getSubcommand();
    const ref = () => interaction.options.getString('alert', true);
    switch (sub) {
      case 'add':
        return {
          ack: 'private',
          run: async () => {
            // The alert's channel is the member's DM with the bot (POST /users/@me/channels), opened once.
            const dm = await interaction.user.createDM();
            const result = await service.draft({
              userId,
              guildId,
              channelId: dm.id,
              topic: interaction.options.getString('topic', true),
              time: interaction.options.getString('time') ?? undefined,
              timezone: interaction.options.getString('timezone') ?? undefined,
            });
            return { body: alertDraftReply(result) };
          },
        };
      case 'list':
        return { ack: 'private', run: async () => ({ body: alertListReply(await service.list(userId)) }) };
      case 'remove':
        return {
          ack: 'private',
          run: async () => {
            const result = await service.remove(userId, ref());
            if (result.kind === 'not-found') return say(NO_SUCH_ALERT);
            ctx.logger.info({ subscription: result.alert.id, user: userId }, 'alert: removed');
            return say(`Deleted alert ${describeAlert(result.alert)}.`);
          },
        };
      case 'pause':
      case 'resume':
        return {
          ack: 'private',
          run: async () => {
            const result = await service.setPaused(userId, ref(), sub === 'pause');
            if (result.kind === 'not-found') return say(NO_SUCH_ALERT);
            ctx.logger.info({ subscription: result.alert.id, user: userId }, `alert: ${sub}d`);
            return say(`${sub === 'pause' ? 'Paused' : 'Resumed'} alert ${describeAlert(result.alert)}.`);
          },
        };
      default:
        return { ack: 'private', run: () => say(`Unknown subcommand '${escapeText(sub)}'.`) };
    }
  },
} satisfies Command;
