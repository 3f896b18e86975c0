import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ButtonStyle,
  ChannelType,
  ComponentType,
  InteractionContextType,
  PermissionFlagsBits,
  type ApplicationCommandOptionChoiceData,
  type ChatInputCommandInteraction,
} from 'discord.js';
import { suggestTimeZones } from '../../core/digest/schedule.js';
import {
  DIGEST_MAX_PAPERS,
  TOPIC_MAX_LENGTH,
  checkSubscriptionSettings,
  type Subscription,
} from '../../core/digest/subscription.js';
import type { BotContext, Command, Plan } from '../command.js';
import type { SendOutcome } from '../digest/digest-job.js';
import { DIGEST_BUTTON_PREFIX, DRAFT_TTL_MS, type DigestService } from '../digest/digest-service.js';
import { formatSubscriptionList, formatSubscriptionSummary } from '../format/format-digest.js';
import { message, type MessageBody } from '../format/format-message.js';
import { escapeText, plainText, truncateWords } from '../format/format-text.js';
import { AUTOCOMPLETE_CHOICES_MAX, CHOICE_NAME_MAX } from '../limits.js';

const DAY_MS = 86_400_000;
const NOT_SET_UP = 'Daily digests are not set up on this bot (it runs without a data store).';

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

function reply(text: string): MessageBody {
  return message({ content: text });
}

/** A subscription of this guild picked by its id (autocomplete offers them), else undefined. */
function pickSubscription(interaction: ChatInputCommandInteraction, service: DigestService): Subscription | undefined {
  const raw = interaction.options.getString('subscription', true).trim().replace(/^#/, '');
  const sub = /^\d{1,15}$/.test(raw) ? service.store.subscriptions.get(Number(raw)) : undefined;
  return sub && sub.guildId === interaction.guildId ? sub : undefined;
}

function describeOutcome(outcome: SendOutcome | { kind: 'unknown-subscription' }, sub: Subscription): string {
  switch (outcome.kind) {
    case 'posted':
      return `Posted digest #${sub.id} in <#${sub.channelId}>: https://discord.com/channels/${sub.guildId}/${sub.channelId}/${outcome.messageId}`;
    case 'paused':
    case 'disabled':
      return `Could not post digest #${sub.id}, so it is now ${outcome.kind}: ${escapeText(outcome.reason)}`;
    case 'retry-later':
      return `Discord did not take the post (${escapeText(outcome.error)}). Try again in a few minutes.`;
    case 'unknown-subscription':
      return `Digest #${sub.id} no longer exists.`;
    case 'already-sent':
    case 'held':
      return `Digest #${sub.id} is being posted right now.`;
  }
}

function subscribe(interaction: ChatInputCommandInteraction, ctx: BotContext, service: DigestService): MessageBody {
  const channel = interaction.options.getChannel('channel', true);
  const check = checkSubscriptionSettings({
    time: interaction.options.getString('time', true),
    timezone: interaction.options.getString('timezone', true),
    topic: interaction.options.getString('topic'),
    max: interaction.options.getInteger('max'),
  });
  if (!check.ok) {
    return reply(
      ['Nothing was saved:', ...check.problems.map((p) => `• **${p.field}**: ${escapeText(p.message)}`)].join('\n'),
    );
  }
  const { settings } = check;
  const now = new Date(ctx.clock.now());
  // What today's digest would have held: papers new in the last day, else the archive.
  const { message: preview } = service.job.preview(
    {
      id: 0,
      topic: settings.topic,
      max: settings.max,
      timezone: settings.timezone,
      createdAt: new Date(now.getTime() - DAY_MS).toISOString(),
    },
    now,
    'Preview',
  );
  const token = service.store.subscriptions.addDraft(
    { ...settings, guildId: interaction.guildId!, channelId: channel.id, createdBy: interaction.user.id },
    now,
    DRAFT_TTL_MS,
  );
  const summary = `<#${channel.id}> every day at ${settings.time} (${escapeText(settings.timezone)})`;
  return message({
    content: `**Subscribe ${summary}?** This is what today's digest would hold:\n${preview.content}`,
    embeds: preview.embeds,
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.Button,
            style: ButtonStyle.Primary,
            label: 'Subscribe',
            custom_id: `${DIGEST_BUTTON_PREFIX}:confirm:${token}`,
          },
          {
            type: ComponentType.Button,
            style: ButtonStyle.Secondary,
            label: 'Cancel',
            custom_id: `${DIGEST_BUTTON_PREFIX}:cancel:${token}`,
          },
        ],
      },
    ],
  });
}

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

  autocomplete(interaction, ctx): ApplicationCommandOptionChoiceData<string>[] {
    const focused = interaction.options.getFocused(true);
    if (focused.name === 'timezone')
      return suggestTimeZones(String(focused.value)).map((name) => ({ name, value: name }));
    const service = ctx.digests;
    if (focused.name !== 'subscription' || !service || !interaction.guildId) return [];
    const typed = String(focused.value).trim().toLowerCase().replace(/^#/, '');
    const guild = interaction.guild;
    return service.store.subscriptions
      .listForGuild(interaction.guildId)
      .map((sub) => {
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
        run: () => ({ body: reply(service ? 'Digests belong to a server; use this in one.' : NOT_SET_UP) }),
      };
    }
    const guildId = interaction.guildId;
    switch (sub) {
      case 'subscribe':
        return { ack: 'private', run: () => ({ body: subscribe(interaction, ctx, service) }) };
      case 'list':
        return {
          ack: 'private',
          run: () => {
            const subs = service.store.subscriptions.listForGuild(guildId);
            const last = new Map<number, string>();
            for (const s of subs) {
              const sent = service.store.ledger.lastSent(s.id)?.sentAt;
              if (sent) last.set(s.id, sent);
            }
            return { body: formatSubscriptionList(subs, last) };
          },
        };
      case 'unsubscribe':
        return {
          ack: 'private',
          run: () => {
            const found = pickSubscription(interaction, service);
            if (!found || !service.store.subscriptions.remove(found.id, guildId)) {
              return { body: reply('No such digest in this server. `/digest list` shows them.') };
            }
            service.changed();
            ctx.logger.info(
              { subscription: found.id, guild: guildId, user: interaction.user.id },
              'digest: unsubscribed',
            );
            return { body: reply(`Stopped ${formatSubscriptionSummary(found)}.`) };
          },
        };
      case 'preview':
        return {
          ack: 'private',
          run: () => {
            const now = new Date(ctx.clock.now());
            const check = checkSubscriptionSettings({
              time: '00:00',
              timezone: 'UTC',
              topic: interaction.options.getString('topic'),
              max: interaction.options.getInteger('max'),
            });
            if (!check.ok) return { body: reply(check.problems.map((p) => escapeText(p.message)).join('\n')) };
            const { topic, max } = check.settings;
            const { message: preview } = service.job.preview(
              { id: 0, topic, max, timezone: 'UTC', createdAt: new Date(now.getTime() - DAY_MS).toISOString() },
              now,
              'Preview',
            );
            return { body: message({ content: preview.content, embeds: preview.embeds }) };
          },
        };
      case 'now':
        return {
          ack: 'private',
          run: async () => {
            const found = pickSubscription(interaction, service);
            if (!found) return { body: reply('No such digest in this server. `/digest list` shows them.') };
            const outcome = await service.job.postNow(found.id);
            ctx.logger.info(
              { subscription: found.id, guild: guildId, user: interaction.user.id, outcome: outcome.kind },
              'digest: posted on request',
            );
            return { body: reply(describeOutcome(outcome, found)) };
          },
        };
      default:
        return { ack: 'private', run: () => ({ body: reply(`Unknown subcommand '${escapeText(sub)}'.`) }) };
    }
  },
} satisfies Command;
