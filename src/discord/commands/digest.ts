import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  InteractionContextType,
  PermissionFlagsBits,
  type ApplicationCommandOptionChoiceData,
} from 'discord.js';
import { suggestTimeZones } from '../../core/digest/schedule.js';
import { DIGEST_MAX_PAPERS, TOPIC_MAX_LENGTH } from '../../core/digest/subscription.js';
import type { Command, Plan } from '../command.js';
import {
  draftReply,
  postOutcomeText,
  previewReply,
  settingsProblemsReply,
  textReply,
} from '../digest/digest-replies.js';
import { escapeText, plainText, truncateWords } from '../format/format-text.js';
import { formatSubscriptionList, formatSubscriptionSummary } from '../format/format-digest.js';
import { AUTOCOMPLETE_CHOICES_MAX, CHOICE_NAME_MAX } from '../limits.js';

const NOT_SET_UP = 'Daily digests are not set up on this bot (it runs without a data store).';
const NO_SUCH_DIGEST = 'No such digest in this server. `/digest list` shows them.';
/** A preview belongs to no subscription and so to no timezone: its footer shows the date in UTC. */
const PREVIEW_TIME_ZONE = 'UTC';

const subscriptionOption = (description: string) => ({
  type: ApplicationCommandOptionType.String as const,
  name: 'subscription',
  description,
  required: true,
  autocomplete: true,
  max_length: 20,
});

const topicOption = {
  type: ApplicationCommandOptionType.String as const,
  name: 'topic',
  description: 'Words, "exact phrases" and -excluded words; empty: every paper',
  max_length: TOPIC_MAX_LENGTH,
};

const maxOption = {
  type: ApplicationCommandOptionType.Integer as const,
  name: 'max',
  description: `Papers per digest, 1-${DIGEST_MAX_PAPERS} (default 5)`,
  min_value: 1,
  max_value: DIGEST_MAX_PAPERS,
};

/**
 * `/digest subscribe | list | unsubscribe | preview | now`: daily digests of the corpus in a channel.
 * Guild managers only (Manage Server by default; server admins can change who in Integrations).
 */
export const digestCommand = {
  kind: 'slash',
  data: {
    type: ApplicationCommandType.ChatInput,
    name: 'digest',
    description: 'Daily digests of new papers, posted in a channel at a time you choose',
    default_member_permissions: PermissionFlagsBits.ManageGuild.toString(),
    contexts: [InteractionContextType.Guild],
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'subscribe',
        description: 'Post a digest in a channel every day; shows a preview before saving',
        options: [
          {
            type: ApplicationCommandOptionType.Channel,
            name: 'channel',
            description: 'Where to post',
            required: true,
            channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
          },
          {
            type: ApplicationCommandOptionType.String,
            name: 'time',
            description: '24-hour local time, e.g. 09:00',
            required: true,
            min_length: 3,
            max_length: 5,
          },
          {
            type: ApplicationCommandOptionType.String,
            name: 'timezone',
            description: 'IANA timezone, e.g. Europe/Berlin (start typing a city)',
            required: true,
            autocomplete: true,
            max_length: 64,
          },
          topicOption,
          maxOption,
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'list',
        description: "This server's digests, with any paused ones and why",
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'unsubscribe',
        description: 'Stop a digest',
        options: [subscriptionOption('The digest to stop')],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'preview',
        description: 'See what a digest on a topic would hold today (only you see it)',
        options: [topicOption, maxOption],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'now',
        description: 'Post a digest right now (resumes a paused one if it works)',
        options: [subscriptionOption('The digest to post')],
      },
    ],
  },

  async autocomplete(interaction, ctx): Promise<ApplicationCommandOptionChoiceData<string>[]> {
    const focused = interaction.options.getFocused(true);
    if (focused.name === 'timezone')
      return suggestTimeZones(String(focused.value)).map((name) => ({ name, value: name }));
    const service = ctx.digests;
    if (focused.name !== 'subscription' || !service || !interaction.guildId) return [];
    const typed = String(focused.value).trim().toLowerCase().replace(/^#/, '');
    const guild = interaction.guild;
    return (await service.list(interaction.guildId))
      .map(({ subscription: sub }) => {
        const channel = guild?.channels.cache.get(sub.channelId)?.name ?? sub.channelId;
        const label = `#${sub.id} · #${channel} · ${sub.time} ${sub.timezone}${sub.topic ? ` · ${sub.topic}` : ''}${sub.status === 'active' ? '' : ` (${sub.status})`}`;
        return {
          name: plainText(truncateWords(label, CHOICE_NAME_MAX)).slice(0, CHOICE_NAME_MAX),
          value: String(sub.id),
        };
      })
      .filter((choice) => typed === '' || choice.name.toLowerCase().includes(typed))
      .slice(0, AUTOCOMPLETE_CHOICES_MAX);
  },

  plan(interaction, ctx): Plan {
    const service = ctx.digests;
    const sub = interaction.options.getSubcommand();
    if (!service || !interaction.guildId) {
      return {
        ack: 'private',
        run: () => ({ body: textReply(service ? 'Digests belong to a server; use this in one.' : NOT_SET_UP) }),
      };
    }
    const guildId = interaction.guildId;
    const userId = interaction.user.id;
    const subscriptionRef = () => interaction.options.getString('subscription', true);
    switch (sub) {
      case 'subscribe':
        return {
          ack: 'private',
          run: async () => {
            const channelId = interaction.options.getChannel('channel', true).id;
            const result = await service.draft({
              guildId,
              channelId,
              userId,
              time: interaction.options.getString('time', true),
              timezone: interaction.options.getString('timezone', true),
              topic: interaction.options.getString('topic'),
              max: interaction.options.getInteger('max'),
            });
            return {
              body: result.kind === 'invalid' ? settingsProblemsReply(result.problems) : draftReply(result, channelId),
            };
          },
        };
      case 'list':
        return {
          ack: 'private',
          run: async () => {
            const listed = await service.list(guildId);
            const lastPosted = new Map<number, string>();
            for (const { subscription, lastPostedAt } of listed) {
              if (lastPostedAt) lastPosted.set(subscription.id, lastPostedAt);
            }
            return {
              body: formatSubscriptionList(
                listed.map((l) => l.subscription),
                lastPosted,
              ),
            };
          },
        };
      case 'unsubscribe':
        return {
          ack: 'private',
          run: async () => {
            const result = await service.unsubscribe(guildId, subscriptionRef());
            if (result.kind === 'not-found') return { body: textReply(NO_SUCH_DIGEST) };
            ctx.logger.info(
              { subscription: result.subscription.id, guild: guildId, user: userId },
              'digest: unsubscribed',
            );
            return { body: textReply(`Stopped ${formatSubscriptionSummary(result.subscription)}.`) };
          },
        };
      case 'preview':
        return {
          ack: 'private',
          run: async () => {
            const result = await service.preview({
              topic: interaction.options.getString('topic'),
              max: interaction.options.getInteger('max'),
            });
            if (result.kind === 'invalid') {
              return { body: textReply(result.problems.map((p) => escapeText(p.message)).join('\n')) };
            }
            return { body: previewReply(result.plan, PREVIEW_TIME_ZONE) };
          },
        };
      case 'now':
        return {
          ack: 'private',
          run: async () => {
            const result = await service.postNow(guildId, subscriptionRef());
            if (result.kind === 'not-found') return { body: textReply(NO_SUCH_DIGEST) };
            const { subscription, outcome } = result;
            ctx.logger.info(
              { subscription: subscription.id, guild: guildId, user: userId, outcome: outcome.kind },
              'digest: posted on request',
            );
            return { body: textReply(postOutcomeText(outcome, subscription)) };
          },
        };
      default:
        return { ack: 'private', run: () => ({ body: textReply(`Unknown subcommand '${escapeText(sub)}'.`) }) };
    }
  },
} satisfies Command;
