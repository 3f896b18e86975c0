// What a command is: a plain object with its definition (exactly what is registered with Discord)
// next to the code that answers it. The router owns acknowledging, deferring, timing and the one
// catch; a command only says how it will answer (`ack`) and produces the message (`run`).
import type {
  ApplicationCommandOptionChoiceData,
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  MessageContextMenuCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
  RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord.js';
import type { AlertService } from '../core/alerts/alert-service.js';
import type { DigestService } from '../core/digest/digest-service.js';
import type { CorpusReload, IndexingProgress } from '../core/paper/corpus-reload.js';
import type { CorpusProblem } from '../core/paper/paper.js';
import type { SearchIndex } from '../core/search/search-index.js';
import type { SearchService } from '../core/answer/search-service.js';
import type { Logger } from '../logger.js';
import type { ConversationStore } from '../store/conversation-store.js';
import type { ForgetReport } from '../store/forget-user.js';
import type { VoteStore } from '../store/vote-store.js';
import type { MessageBody } from './format/format-message.js';

/**
 * How an interaction is acknowledged, decided before any work so that a deferral (which must pick
 * ephemeral or not up front) matches the final answer: a new private or public message, or an edit of
 * the message a button is on.
 */
export type Ack = 'private' | 'public' | 'update';

export interface FollowUp {
  body: MessageBody;
  private: boolean;
}

/** What a command produced: the response, and messages to send after it. */
export interface Outcome {
  body: MessageBody;
  followUps?: FollowUp[];
}

/** One interaction's work, planned: how it will be acknowledged and what produces the answer. */
export interface Plan {
  ack: Ack;
  run(): Outcome | Promise<Outcome>;
}

/** The corpus as the bot sees it right now; replaced when the corpus reloads. */
export interface CorpusView {
  index: SearchIndex;
  /**
   * The same index served one call per event-loop turn: interactions are answered through it, so a burst
   * of questions never blocks the gateway heartbeat for longer than one answer takes.
   */
  search: SearchService;
  /** ISO time this index was built or loaded. */
  loadedAt: string;
  /** The corpus's problems now: those of the last full read (kept with the snapshot), as reloads updated them. */
  problems: readonly CorpusProblem[];
  /** What changed at the last reload, in words (`2 papers added`), when the corpus reloads live. */
  lastChange?: string;
  /** The last live reload: when, what changed in which files, and its problems. */
  lastReload?: CorpusReload | undefined;
  /** A live reload under way (files being read, papers being indexed), for `/about`. */
  indexing?: IndexingProgress | undefined;
}

/** The bot's process, as `/about` reports it. */
export interface BotStatus {
  version: string;
  /** Epoch ms the bot started. */
  startedAt: number;
  /** Heartbeat round trip in ms, -1 before the first heartbeat. */
  gatewayPingMs: number;
  /** One entry per shard this process runs. */
  shards: { id: number; ready: boolean }[];
}

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

/** Everything a command may use; built once in the composition root. */
export interface BotContext {
  corpus(): CorpusView;
  status(): BotStatus;
  logger: Logger;
  clock: Clock;
  /** Daily digests (`/digest`); absent when the bot runs without a data store. */
  digests?: DigestService;
  /** Conversations in threads Paperboy started and in DMs (`thread:<id>`, `dm:<channel id>`). */
  conversations: ConversationStore;
  /** `/forget`: drops everything kept about a user. */
  forgetUser(userId: string): Promise<ForgetReport>;
  /** Votes for papers per guild (👍 buttons, `/top`); absent when the bot runs without a data store. */
  votes?: VoteStore;
  /** Personal alerts (`/alert`); absent when the bot runs without a data store. */
  alerts?: AlertService;
  /**
   * A notice waiting for a user (an alert paused while they were away), taken once: the router gives it
   * privately after answering their next interaction.
   */
  takeNotice?(userId: string): Promise<string | undefined>;
}

export interface ChatInputCommand {
  kind: 'slash';
  data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  plan(interaction: ChatInputCommandInteraction, ctx: BotContext): Plan;
  /** Must answer within 3 s and cannot be deferred: keep it in memory. */
  autocomplete?(
    interaction: AutocompleteInteraction,
    ctx: BotContext,
  ): ApplicationCommandOptionChoiceData<string>[] | Promise<ApplicationCommandOptionChoiceData<string>[]>;
}

export interface MessageMenuCommand {
  kind: 'message-menu';
  data: RESTPostAPIContextMenuApplicationCommandsJSONBody;
  plan(interaction: MessageContextMenuCommandInteraction, ctx: BotContext): Plan;
}

/** A slash command or a message context-menu command. */
export type Command = ChatInputCommand | MessageMenuCommand;

/** Answers the buttons whose `custom_id` starts with `prefix` followed by `:`. */
export interface ButtonHandler {
  prefix: string;
  plan(interaction: ButtonInteraction, ctx: BotContext): Plan;
}
