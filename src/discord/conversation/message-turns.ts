// Messages that are turns of a conversation: in a thread Paperboy started, a message that mentions it or
// replies to one of its messages; in a DM, every message. Discord's thread rules are met here: a locked
// thread is left alone, an archived one is reopened once, and a thread Paperboy can no longer post in
// (permission lost) is muted for a while and the asker told once, privately, instead of failing at every
// mention (each refusal counts towards Discord's invalid-request limit).
import { DiscordAPIError, RESTJSONErrorCodes, type AnyThreadChannel, type Message } from 'discord.js';
import { takeTurn } from '../../store/conversation-turn.js';
import type { ConversationKey } from '../../store/conversation-store.js';
import { mentionQuestion } from '../ask/mention.js';
import { normalizeQuestion } from '../ask/ask-state.js';
import type { BotContext } from '../command.js';
import { message, type MessageBody } from '../format/format-message.js';
import { escapeText } from '../format/format-text.js';
import { howToAskMessage, turnMessage } from './turn-message.js';

/** How long a thread Paperboy could not post in stays muted before it tries again. */
export const THREAD_MUTE_MS = 10 * 60_000;

/** What a message asks: a turn of a DM or thread conversation, or a one-shot mention in a channel. */
export interface MessageAsk {
  kind: 'dm' | 'thread' | 'mention';
  /** The question, normalised; empty when the message holds none (a bare mention). */
  question: string;
}

/**
 * Reads a message as a question to Paperboy, or undefined when it asks nothing of it: a DM is always a turn;
 * in a thread Paperboy started, a mention or a reply to Paperboy is; elsewhere only a mention, one-shot.
 */
export function readMessageAsk(msg: Message, botId: string): MessageAsk | undefined {
  if (!msg.inGuild()) {
    const question = normalizeQuestion(msg.content.replace(/<(?:@[!&]?|#)\d+>/g, ' '));
    return question === '' ? undefined : { kind: 'dm', question };
  }
  const mentioned = mentionQuestion(msg.content, botId);
  if (isPaperboyThread(msg.channel, botId)) {
    if (mentioned !== undefined) return { kind: 'thread', question: mentioned };
    if (msg.mentions.repliedUser?.id === botId) {
      return { kind: 'thread', question: normalizeQuestion(msg.content.replace(/<(?:@[!&]?|#)\d+>/g, ' ')) };
    }
    return undefined;
  }
  return mentioned === undefined ? undefined : { kind: 'mention', question: mentioned };
}

/** A thread Paperboy started (by the Follow up button): its conversation is kept under `thread:<id>`. */
export function isPaperboyThread(channel: Message['channel'] | null, botId: string): channel is AnyThreadChannel {
  return channel !== null && channel.isThread() && channel.ownerId === botId;
}

/** Answers turns in threads and DMs; remembers, for as long as the bot runs, the threads it must not post in. */
export class MessageTurns {
  readonly #ctx: BotContext;
  /** Thread id → until when (epoch ms) Paperboy does not post there. */
  readonly #muted = new Map<string, number>();
  /** `thread:user` pairs already told, privately, that Paperboy cannot post in the thread. */
  readonly #told = new Set<string>();

  constructor(ctx: BotContext) {
    this.#ctx = ctx;
  }

  /** Answers one turn; an expected refusal from Discord is handled here, anything else rejects. */
  async answer(msg: Message, ask: MessageAsk): Promise<void> {
    const thread = msg.channel.isThread() ? msg.channel : undefined;
    const now = this.#ctx.clock.now();
    if (thread) {
      // A moderator closed the thread: Paperboy stays out of it.
      if (thread.locked) return this.#skip(msg, 'thread locked');
      if ((this.#muted.get(thread.id) ?? 0) > now) return this.#skip(msg, 'thread muted: cannot post there');
    }
    const key: ConversationKey = thread ? `thread:${thread.id}` : `dm:${msg.channelId}`;
    const body = ask.question === '' ? howToAskMessage() : await this.#turn(key, msg.author.id, ask.question, now);
    await this.#post(msg, thread, body);
  }

  async #turn(key: ConversationKey, owner: string, question: string, now: number): Promise<MessageBody> {
    const corpus = this.#ctx.corpus();
    const place = { store: this.#ctx.conversations, key, owner, now: new Date(now) };
    const reply = await takeTurn(place, (conversation) => corpus.search.converse(conversation, question));
    return turnMessage(corpus.index, reply);
  }

  async #post(msg: Message, thread: AnyThreadChannel | undefined, body: MessageBody): Promise<void> {
    const send = () => msg.reply({ ...body, failIfNotExists: false });
    try {
      await send();
    } catch (error) {
      const code = error instanceof DiscordAPIError ? error.code : undefined;
      if (!thread) throw error;
      if (code === RESTJSONErrorCodes.InvalidActionOnArchivedThread && !thread.locked) {
        // Archived while the answer was being made: reopen it once and post again.
        await thread.setArchived(false);
        await send();
        return;
      }
      if (
        code === RESTJSONErrorCodes.MissingAccess ||
        code === RESTJSONErrorCodes.MissingPermissions ||
        code === RESTJSONErrorCodes.ThreadLocked ||
        code === RESTJSONErrorCodes.InvalidActionOnArchivedThread
      ) {
        this.#muted.set(thread.id, this.#ctx.clock.now() + THREAD_MUTE_MS);
        this.#ctx.logger.warn({ thread: thread.id, code }, 'cannot post in thread: muted');
        await this.#tellPrivately(msg, thread);
        return;
      }
      throw error;
    }
  }

  /** Once per thread and user: a DM saying why the thread got no answer, and where to ask instead. */
  async #tellPrivately(msg: Message, thread: AnyThreadChannel): Promise<void> {
    const pair = `${thread.id}:${msg.author.id}`;
    if (this.#told.has(pair)) return;
    this.#told.add(pair);
    const text =
      `I can no longer post in the thread “${escapeText(thread.name)}” (<#${thread.id}>): I lost permission to ` +
      'send messages there. Ask me here instead (every message here follows up the ones before), or ask a ' +
      'moderator to let me post in the thread again.';
    try {
      await msg.author.send(message({ content: text }));
    } catch (error) {
      // DMs closed (50007) or any other refusal: nothing more to try.
      this.#ctx.logger.warn(
        { err: error, user: msg.author.id, thread: thread.id },
        'could not tell the user privately',
      );
    }
  }

  #skip(msg: Message, why: string): void {
    this.#ctx.logger.info({ message: msg.id, channel: msg.channelId, user: msg.author.id }, why);
  }
}
