// The "Follow up" button under an answer: a thread on a public copy of the answer (an ephemeral reply
// cannot hold a thread), whose conversation starts with the question answered. From then on, every message
// in the thread that mentions Paperboy or replies to it is a turn (message-turns.ts).
import {
  ChannelType,
  DiscordAPIError,
  MessageFlags,
  RESTJSONErrorCodes,
  ThreadAutoArchiveDuration,
  type ButtonInteraction,
  type Message,
} from 'discord.js';
import { NEW_CONVERSATION } from '../../core/answer/conversation.js';
import { answerMessage } from '../ask/ask-messages.js';
import type { BotContext, Plan } from '../command.js';
import { message, type MessageBody } from '../format/format-message.js';
import { THREAD_NAME_MAX } from '../limits.js';
import { threadIntroMessage } from './turn-message.js';

/** Answers remembered as having a thread in this process (a double click opens one); restarts ask Discord. */
const OPENED_MAX = 5000;

const say = (content: string): MessageBody => message({ content });

const CANNOT = say(
  'I cannot open a thread in this channel: I need *Send Messages*, *Create Public Threads* and *Send Messages ' +
    'in Threads* here. Ask a moderator, or write to me in a DM, where every message follows up the ones before.',
);

/** A thread's name: the question, cut at a word to Discord's 100 characters. */
export function threadName(question: string): string {
  if (question.length <= THREAD_NAME_MAX) return question;
  const cut = question.slice(0, THREAD_NAME_MAX - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > THREAD_NAME_MAX / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** The plan for a click on Follow up under the answer to `question`; `opened` maps answers to their threads. */
export function planFollowUpThread(
  interaction: ButtonInteraction,
  ctx: BotContext,
  question: string,
  opened: Map<string, string>,
): Plan {
  return { ack: 'private', run: async () => ({ body: await openThread(interaction, ctx, question, opened) }) };
}

async function openThread(
  interaction: ButtonInteraction,
  ctx: BotContext,
  question: string,
  opened: Map<string, string>,
): Promise<MessageBody> {
  const known = opened.get(interaction.message.id);
  if (known !== undefined) return say(`This answer already has a follow-up thread: <#${known}>.`);
  const channel = interaction.channel;
  if (!interaction.inGuild() || !channel) {
    return say('Here in DMs there is no thread to open: just write your next question, it follows up this one.');
  }
  if (channel.isThread()) return say('This is a thread already: mention me or reply to me here to follow up.');
  if (channel.type !== ChannelType.GuildText && channel.type !== ChannelType.GuildAnnouncement) {
    return say('Threads cannot be opened in this kind of channel. Write to me in a DM to follow up.');
  }
  const search = ctx.corpus().search;
  const isPrivate = interaction.message.flags.has(MessageFlags.Ephemeral);
  let copy: Message | undefined;
  try {
    const starter = isPrivate
      ? (copy = await channel.send(
          await answerMessage(search, { question, offset: 0, shareable: false, followUp: false }),
        ))
      : interaction.message;
    // A thread started from a message takes the message's id.
    if (starter.hasThread) return say(`This answer already has a follow-up thread: <#${starter.id}>.`);
    const thread = await starter.startThread({
      name: threadName(question),
      autoArchiveDuration: ThreadAutoArchiveDuration.OneDay,
    });
    if (opened.size >= OPENED_MAX) opened.clear();
    opened.set(interaction.message.id, thread.id);
    const first = await search.converse(NEW_CONVERSATION, question);
    await ctx.conversations.save(`thread:${thread.id}`, first.conversation, {
      owner: interaction.user.id,
      now: new Date(ctx.clock.now()),
    });
    await thread.send(threadIntroMessage());
    ctx.logger.info({ thread: thread.id, user: interaction.user.id }, 'follow-up thread opened');
    return say(`Follow-up thread opened: <#${thread.id}>. Mention me or reply to me there.`);
  } catch (error) {
    const code = error instanceof DiscordAPIError ? error.code : undefined;
    switch (code) {
      case RESTJSONErrorCodes.MissingAccess:
      case RESTJSONErrorCodes.MissingPermissions:
        // A copy with no thread on it would only repeat the answer in the channel.
        await copy?.delete().catch(() => undefined);
        return CANNOT;
      case RESTJSONErrorCodes.ThreadAlreadyCreatedForMessage:
        return say(`This answer already has a follow-up thread: <#${copy?.id ?? interaction.message.id}>.`);
      case RESTJSONErrorCodes.UnknownMessage:
        return say('That answer is no longer in the channel. Ask again with `/ask`.');
      default:
        throw error;
    }
  }
}
