// The one place interactions and mentions are answered: the one try/catch per interaction, the
// per-user rate limit, reply-or-defer, the timing of the first response, and the bookkeeping that
// lets shutdown stop taking work and wait for what is in flight.
import {
  MessageFlags,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type Message,
  type MessageContextMenuCommandInteraction,
} from 'discord.js';
import type {
  Ack,
  BotContext,
  ButtonHandler,
  ChatInputCommand,
  Command,
  MessageMenuCommand,
  Outcome,
  Plan,
} from './command.js';
import { message, type MessageBody } from './format/format-message.js';
import { mentionReply } from './ask/mention.js';
import { MessageTurns, readMessageAsk, type MessageAsk } from './conversation/message-turns.js';
import { RATE_LIMIT_OPTIONS, RateLimiter, type RateLimitOptions } from './rate-limit.js';

export interface RouterOptions {
  /**
   * Reply directly when the answer is ready within this many ms of the interaction's creation;
   * otherwise acknowledge with a deferral first (Discord allows 3 s for the first response).
   */
  deferAfterMs: number;
  rateLimit: RateLimitOptions;
}

export const ROUTER_OPTIONS: RouterOptions = { deferAfterMs: 500, rateLimit: RATE_LIMIT_OPTIONS };

type Repliable = ChatInputCommandInteraction | MessageContextMenuCommandInteraction | ButtonInteraction;

const SORRY = 'Something went wrong on Paperboy’s side while answering that. It has been logged; please try again.';
const RESTARTING = 'Paperboy is restarting. Try again in a minute.';

function slowDown(retryAfterMs: number): MessageBody {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return message({
    content: `You are asking faster than Paperboy can read. Please slow down and try again in ${seconds} s.`,
  });
}

/** What to log about an interaction: the command and its options (never the token). */
function describe(interaction: Interaction): Record<string, unknown> {
  const base = { interaction: interaction.id, user: interaction.user.id, guild: interaction.guildId };
  if (interaction.isChatInputCommand() || interaction.isAutocomplete()) {
    const options = Object.fromEntries(interaction.options.data.map((o) => [o.name, o.value]));
    return { ...base, command: `/${interaction.commandName}`, options };
  }
  if (interaction.isMessageContextMenuCommand()) {
    return { ...base, command: interaction.commandName, options: { message: interaction.targetId } };
  }
  if (interaction.isButton()) return { ...base, command: 'button', options: { customId: interaction.customId } };
  return { ...base, command: `interaction type ${interaction.type}` };
}

/** Resolves with the value if the promise settles within `ms`, else undefined (a rejection propagates). */
function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  if (ms <= 0) return Promise.resolve(undefined);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(resolve, ms, undefined)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export class Router {
  private readonly commands: ReadonlyMap<string, Command>;
  private readonly buttons: ReadonlyMap<string, ButtonHandler>;
  private readonly limiter: RateLimiter;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly turns: MessageTurns;
  private closed = false;

  constructor(
    commands: readonly Command[],
    buttons: readonly ButtonHandler[],
    private readonly ctx: BotContext,
    private readonly options: RouterOptions = ROUTER_OPTIONS,
  ) {
    this.commands = new Map(commands.map((c) => [c.data.name, c]));
    this.buttons = new Map(buttons.map((b) => [b.prefix, b]));
    this.limiter = new RateLimiter(ctx.clock, options.rateLimit);
    this.turns = new MessageTurns(ctx);
  }

  /** Entry point for `interactionCreate`. Never rejects. */
  handleInteraction(interaction: Interaction): Promise<void> {
    return this.track(this.answerInteraction(interaction));
  }

  /**
   * Entry point for `messageCreate`: answers messages that mention the bot (one-shot in a channel), turns of
   * a conversation in a thread Paperboy started (a mention or a reply to it) and in DMs. Never rejects.
   */
  handleMessage(msg: Message): Promise<void> {
    const botId = msg.client.user.id;
    if (this.closed || msg.author.bot || msg.webhookId) return Promise.resolve();
    const ask = readMessageAsk(msg, botId);
    if (ask === undefined) return Promise.resolve();
    if (ask.kind === 'mention') return this.track(this.answerMention(msg, ask.question));
    return this.track(this.answerTurn(msg, ask));
  }

  /** Stop taking new work: from now on interactions get a short "restarting" note and mentions are ignored. */
  close(): void {
    this.closed = true;
  }

  /** Waits for the work in flight, at most `timeoutMs`. Resolves true when everything finished. */
  async drain(timeoutMs: number): Promise<boolean> {
    const all = Promise.allSettled([...this.inFlight]).then(() => true);
    return (await within(all, timeoutMs)) ?? false;
  }

  get pending(): number {
    return this.inFlight.size;
  }

  private track(work: Promise<void>): Promise<void> {
    this.inFlight.add(work);
    return work.finally(() => this.inFlight.delete(work));
  }

  private async answerInteraction(interaction: Interaction): Promise<void> {
    let acked: Ack | undefined;
    let deferred = false;
    try {
      if (interaction.isAutocomplete()) return await this.autocomplete(interaction);
      if (!interaction.isChatInputCommand() && !interaction.isMessageContextMenuCommand() && !interaction.isButton())
        return;
      if (this.closed) {
        acked = 'private';
        await interaction.reply({ ...message({ content: RESTARTING }), flags: MessageFlags.Ephemeral });
        return;
      }
      const decision = this.limiter.take(interaction.user.id);
      const plan: Plan = decision.allowed
        ? this.plan(interaction)
        : { ack: 'private', run: () => ({ body: slowDown(decision.retryAfterMs) }) };
      if (!decision.allowed) this.ctx.logger.info(describe(interaction), 'rate limited');
      await this.respond(interaction, plan, (ack, wasDeferred) => {
        acked = ack;
        deferred = wasDeferred;
      });
      await this.giveNotice(interaction);
    } catch (error) {
      this.ctx.logger.error({ err: error, ...describe(interaction) }, 'interaction failed');
      if (interaction.isAutocomplete()) {
        // No message can be shown in an autocomplete; an empty list at least ends the spinner.
        if (!interaction.responded) await interaction.respond([]).catch(() => undefined);
      } else if (interaction.isRepliable()) await this.apologise(interaction as Repliable, acked, deferred);
    }
  }

  /**
   * A notice kept for this user (e.g. a paused alert) follows their answer, privately, once. The answer is
   * already out: a failure here is logged, never turned into an apology for it.
   */
  private async giveNotice(interaction: Repliable): Promise<void> {
    try {
      const notice = await this.ctx.takeNotice?.(interaction.user.id);
      if (notice) await interaction.followUp({ ...message({ content: notice }), flags: MessageFlags.Ephemeral });
    } catch (error) {
      this.ctx.logger.warn({ err: error, ...describe(interaction) }, 'could not give the user their notice');
    }
  }

  private plan(interaction: Repliable): Plan {
    if (interaction.isButton()) {
      const handler = this.buttons.get(interaction.customId.split(':')[0] ?? '');
      if (handler) return handler.plan(interaction, this.ctx);
      return {
        ack: 'private',
        run: () => ({ body: message({ content: 'This button has expired. Ask again with `/ask`.' }) }),
      };
    }
    const command = this.commands.get(interaction.commandName);
    if (command?.kind === 'slash' && interaction.isChatInputCommand())
      return (command as ChatInputCommand).plan(interaction, this.ctx);
    if (command?.kind === 'message-menu' && interaction.isMessageContextMenuCommand())
      return (command as MessageMenuCommand).plan(interaction, this.ctx);
    return { ack: 'private', run: () => ({ body: message({ content: 'This command is no longer available.' }) }) };
  }

  private async autocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const command = this.commands.get(interaction.commandName);
    const choices =
      this.closed || command?.kind !== 'slash' || !command.autocomplete
        ? []
        : await command.autocomplete(interaction, this.ctx);
    await interaction.respond(choices.slice(0, 25));
    this.logTiming(interaction, 'autocomplete');
  }

  /**
   * Replies directly when the work is done in time, else defers (ephemeral chosen now) and edits.
   * The work runs at most once; its rejection is always observed.
   */
  private async respond(
    interaction: Repliable,
    plan: Plan,
    onAck: (ack: Ack, deferred: boolean) => void,
  ): Promise<void> {
    const age = Math.max(0, this.ctx.clock.now() - interaction.createdTimestamp);
    const work = Promise.resolve().then(() => plan.run());
    work.catch(() => undefined); // observed below; this only keeps an early rejection from counting as unhandled
    let outcome: Outcome | undefined = await within(work, this.options.deferAfterMs - age);
    if (outcome) {
      await this.acknowledge(interaction, plan.ack, outcome.body);
      onAck(plan.ack, false);
      this.logTiming(interaction, 'reply');
    } else {
      await this.defer(interaction, plan.ack);
      onAck(plan.ack, true);
      this.logTiming(interaction, 'defer');
      outcome = await work;
      await interaction.editReply(outcome.body);
      const { command, interaction: id } = describe(interaction);
      const totalMs = this.ctx.clock.now() - interaction.createdTimestamp;
      this.ctx.logger.info({ interaction: id, command, totalMs }, 'answered after deferring');
    }
    for (const followUp of outcome.followUps ?? []) {
      await interaction.followUp({ ...followUp.body, ...(followUp.private ? { flags: MessageFlags.Ephemeral } : {}) });
    }
  }

  private async acknowledge(interaction: Repliable, ack: Ack, body: MessageBody): Promise<void> {
    if (ack === 'update' && interaction.isButton()) await interaction.update(body);
    else if (ack === 'public') await interaction.reply(body);
    else await interaction.reply({ ...body, flags: MessageFlags.Ephemeral });
  }

  private async defer(interaction: Repliable, ack: Ack): Promise<void> {
    if (ack === 'update' && interaction.isButton()) await interaction.deferUpdate();
    else if (ack === 'public') await interaction.deferReply();
    else await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  }

  /** The user hears, privately, that it failed; a public "thinking…" placeholder is removed. */
  private async apologise(interaction: Repliable, acked: Ack | undefined, deferred: boolean): Promise<void> {
    const sorry = message({ content: SORRY });
    try {
      if (!interaction.replied && !interaction.deferred) {
        await interaction.reply({ ...sorry, flags: MessageFlags.Ephemeral });
      } else if (deferred && acked === 'private') {
        await interaction.editReply(sorry);
      } else {
        if (deferred && acked === 'public') await interaction.deleteReply().catch(() => undefined);
        await interaction.followUp({ ...sorry, flags: MessageFlags.Ephemeral });
      }
    } catch (error) {
      this.ctx.logger.warn({ err: error, ...describe(interaction) }, 'could not tell the user about the failure');
    }
  }

  private async answerMention(msg: Message, question: string): Promise<void> {
    const context = {
      message: msg.id,
      user: msg.author.id,
      guild: msg.guildId,
      command: 'mention',
      options: { question },
    };
    try {
      const decision = this.limiter.take(msg.author.id);
      const body = decision.allowed ? await mentionReply(this.ctx.corpus(), question) : slowDown(decision.retryAfterMs);
      await msg.reply({ ...body, failIfNotExists: false });
      this.ctx.logger.info({ ...context, totalMs: this.ctx.clock.now() - msg.createdTimestamp }, 'answered');
    } catch (error) {
      this.ctx.logger.error({ err: error, ...context }, 'mention failed');
    }
  }

  private async answerTurn(msg: Message, ask: MessageAsk): Promise<void> {
    const context = { message: msg.id, user: msg.author.id, channel: msg.channelId, command: ask.kind };
    try {
      const decision = this.limiter.take(msg.author.id);
      if (!decision.allowed) {
        await msg.reply({ ...slowDown(decision.retryAfterMs), failIfNotExists: false });
        return;
      }
      await this.turns.answer(msg, ask);
      this.ctx.logger.info({ ...context, totalMs: this.ctx.clock.now() - msg.createdTimestamp }, 'answered');
    } catch (error) {
      this.ctx.logger.error(
        { err: error, ...context, options: { question: ask.question } },
        'conversation turn failed',
      );
    }
  }

  private logTiming(interaction: Interaction, how: 'reply' | 'defer' | 'autocomplete'): void {
    const firstResponseMs = this.ctx.clock.now() - interaction.createdTimestamp;
    const { command, interaction: id } = describe(interaction);
    this.ctx.logger.info({ interaction: id, command, firstResponse: how, firstResponseMs }, 'first response');
  }
}
