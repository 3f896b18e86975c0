import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  GatewayDispatchEvents,
  type APIApplicationCommandOptionChoice,
  type APIInteraction,
  type APIMessage,
  type APIUser,
} from 'discord-api-types/v10';
import { Changes } from './changes.js';
import { FakeClock } from './clock.js';
import { CommandRegistry } from './commands.js';
import type { FakeCore, LoggedRequest, Violation } from './core.js';
import {
  buildAutocomplete,
  buildButtonClick,
  buildChatInput,
  buildMessageCommand,
  buildUserMessage,
  type ActorOptions,
  type DispatchDeps,
  type OptionValues,
} from './dispatch.js';
import { buildDirectMessage, buildReply, type ReplyOptions } from './dispatch-conversation.js';
import { FaultInjector } from './faults.js';
import { FakeGateway, type GatewayOptions } from './gateway.js';
import { mintSnowflake } from './ids.js';
import {
  visibleReply,
  type InteractionAcknowledgement,
  type InteractionEvent,
  type InteractionRecord,
} from './interactions.js';
import { applicationRoutes } from './rest-application-routes.js';
import { channelRoutes } from './rest-channel-routes.js';
import { dmRoutes } from './rest-dm-routes.js';
import { memberRoutes } from './rest-member-routes.js';
import { setThreadState, threadRoutes } from './rest-thread-routes.js';
import { interactionRoutes } from './rest-interaction-routes.js';
import { API_PREFIX, RestServer } from './rest-server.js';
import {
  createWorld,
  requireChannel,
  requireUser,
  type FakeChannel,
  type FakeGuild,
  type FakeWorld,
  type WorldOptions,
} from './world.js';

export interface FakeDiscordOptions extends WorldOptions, GatewayOptions {
  /** The fake's time. Default: a clock frozen at the real now, moved only by `fake.clock.advance(ms)`. */
  clock?: FakeClock;
  /** `shards` in GET /gateway/bot. Default 1. */
  recommendedShards?: number;
  /** `session_start_limit.max_concurrency`; below the shard count each extra shard waits 5 s. Default 16. */
  maxConcurrency?: number;
  /** How long `wait…` helpers wait (real time) before failing with a description: a bound for a reply that never comes, not a speed requirement. Default 10 s. */
  waitTimeoutMs?: number;
}

/** Starts a fake Discord (REST under `/api/v10` and the gateway) on 127.0.0.1 and a free port. */
export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const fake = new FakeDiscord(options);
  await fake.listen();
  return fake;
}

/** A running fake Discord. See test/e2e/fake-discord/README.md. */
export class FakeDiscord {
  readonly clock: FakeClock;
  readonly world: FakeWorld;
  readonly faults = new FaultInjector();
  readonly gateway: FakeGateway;
  readonly commands: CommandRegistry;
  /** Pass to the client as `rest.api` (the `DISCORD_API_BASE` setting). Set once started. */
  apiBase = '';

  /** Sends interactions and messages to the bot, as a user in Discord's client would. */
  readonly dispatch = {
    /** A slash command: `chatInput('ask', { question: 'what is BERT?' })`, `chatInput('digest subscribe', {…})`. */
    chatInput: (path: string, values: OptionValues = {}, actor: ActorOptions = {}): InteractionHandle =>
      this.#interaction(buildChatInput(this.#deps, path, values, actor)),
    /** Typing into an autocomplete option; `focused` defaults to the last option given. */
    autocomplete: (path: string, values: OptionValues, focused?: string, actor: ActorOptions = {}): InteractionHandle =>
      this.#interaction(
        buildAutocomplete(this.#deps, path, values, focused ?? Object.keys(values).at(-1) ?? '', actor),
      ),
    /** Apps → `name` on a message (`data.resolved.messages` holds it). */
    messageCommand: (name: string, target: APIMessage, actor: ActorOptions = {}): InteractionHandle =>
      this.#interaction(buildMessageCommand(this.#deps, name, target, actor)),
    /** A click on a button of a message the bot sent. */
    clickButton: (message: APIMessage, customId: string, actor: ActorOptions = {}): InteractionHandle =>
      this.#interaction(buildButtonClick(this.#deps, message, customId, actor)),
    /** A user message that mentions the bot (`<@bot> text`); its content arrives without MessageContent. */
    mention: (text: string, actor: ActorOptions = {}): APIMessage =>
      this.#userMessage(text, { ...actor, mentionBot: true }),
    /** A user message without a mention: its content arrives empty unless the bot holds MessageContent. */
    message: (text: string, actor: ActorOptions = {}): APIMessage =>
      this.#userMessage(text, { ...actor, mentionBot: false }),
    /** A reply to `to` in its channel; pings `to`'s author unless `ping: false` (then a bot gets no content). */
    reply: (text: string, to: APIMessage, actor: ReplyOptions = {}): APIMessage =>
      this.#deliver(buildReply(this.#deps, text, to, actor)),
    /** A DM from a user (`{ user }`, default alice) to the bot. */
    directMessage: (text: string, actor: Pick<ActorOptions, 'user'> = {}): APIMessage =>
      this.#deliver(buildDirectMessage(this.#deps, text, actor)),
  };

  /** Threads as a moderator changes them (each sends THREAD_UPDATE), and what they hold. */
  readonly threads = {
    get: (id: string): FakeChannel => {
      const thread = this.world.threads.find((t) => t.id === id);
      if (!thread)
        throw new Error(`fake-discord: no thread ${id} (threads: ${this.world.threads.map((t) => t.id).join(', ')})`);
      return thread;
    },
    archive: (id: string): void => setThreadState(this.#core, this.threads.get(id), { archived: true }),
    lock: (id: string): void => setThreadState(this.#core, this.threads.get(id), { locked: true }),
    /** Messages of the DM between the bot and `user`, oldest first (none before it opened). */
    dmMessages: (user: string): APIMessage[] => {
      const id = this.user(user).id;
      return [...(this.world.dms.find((c) => c.recipientId === id)?.messages ?? [])];
    },
    /** A user deletes a message (a thread's starter, say): gone from its channel, MESSAGE_DELETE sent. */
    deleteMessage: (channelId: string, messageId: string): void => {
      const channel = this.channel(channelId);
      channel.messages = channel.messages.filter((m) => m.id !== messageId);
      this.gateway.dispatch(
        GatewayDispatchEvents.MessageDelete,
        { id: messageId, channel_id: channel.id, guild_id: channel.guildId },
        channel.guildId,
      );
    },
  };

  readonly #changes = new Changes();
  readonly #interactions = new Map<string, InteractionRecord>();
  readonly #rest: RestServer;
  readonly #server: Server;
  readonly #deps: DispatchDeps;
  readonly #waitTimeoutMs: number;
  readonly #core: FakeCore;

  constructor(options: FakeDiscordOptions = {}) {
    this.clock = options.clock ?? new FakeClock();
    this.world = createWorld(this.clock, options);
    const mint = () => mintSnowflake(this.clock);
    this.commands = new CommandRegistry(this.world.applicationId, mint);
    this.gateway = new FakeGateway({ clock: this.clock, world: this.world, changes: this.#changes }, options);
    this.#waitTimeoutMs = options.waitTimeoutMs ?? 10_000;
    const core: FakeCore = {
      clock: this.clock,
      world: this.world,
      commands: this.commands,
      gateway: this.gateway,
      faults: this.faults,
      changes: this.#changes,
      interactions: this.#interactions,
      nonces: new Map(),
      settings: { recommendedShards: options.recommendedShards ?? 1, maxConcurrency: options.maxConcurrency ?? 16 },
      mint,
    };
    this.#core = core;
    this.#deps = { world: this.world, clock: this.clock, commands: this.commands, mint };
    this.#rest = new RestServer(core, [
      ...applicationRoutes(core),
      ...interactionRoutes(core),
      ...channelRoutes(core),
      ...threadRoutes(core),
      ...dmRoutes(core),
      ...memberRoutes(core),
    ]);
    this.#server = createServer((req, res) => {
      this.#rest.handle(req, res).catch((error: unknown) => {
        res.destroy(error instanceof Error ? error : new Error(String(error)));
      });
    });
    this.#server.on('upgrade', (req, socket, head: Buffer) => this.gateway.handleUpgrade(req, socket, head));
  }

  /** The bot token the fake accepts (IDENTIFY with another one closes 4004). */
  get token(): string {
    return this.world.token;
  }

  get bot(): APIUser {
    return this.world.bot;
  }

  get guild(): FakeGuild {
    const guild = this.world.guilds[0];
    if (!guild) throw new Error('fake-discord: the world has no guild');
    return guild;
  }

  /** Every REST request, in order, with its status. */
  get requests(): readonly LoggedRequest[] {
    return this.#rest.requests;
  }

  /** Rules the bot broke so far (bad bodies, late or double acknowledgements, expired tokens, unknown routes…). */
  get violations(): readonly Violation[] {
    return this.#rest.violations;
  }

  /** Returns the violations so far and forgets them: for tests that provoke one on purpose. */
  takeViolations(): Violation[] {
    return this.#rest.violations.splice(0, this.#rest.violations.length);
  }

  /** Throws, listing them, if the bot broke any rule. Call in afterEach. */
  assertNoViolations(): void {
    const violations = this.takeViolations();
    if (violations.length === 0) return;
    const lines = violations.map((v) => `  - ${v.message}`).join('\n');
    throw new Error(`fake-discord: the bot broke ${violations.length} of Discord's rules:\n${lines}`);
  }

  channel(idOrName: string): FakeChannel {
    return requireChannel(this.world, idOrName);
  }

  /** What a channel holds, oldest first (ephemeral replies are not in channels). */
  channelMessages(idOrName: string): APIMessage[] {
    return [...this.channel(idOrName).messages];
  }

  user(idOrName: string): APIUser {
    return requireUser(this.world, idOrName);
  }

  interaction(id: string): InteractionRecord {
    const record = this.#interactions.get(id);
    if (!record) throw new Error(`fake-discord: no interaction ${id}`);
    return record;
  }

  /** Resolves with the interaction's first acknowledgement (reply, defer, autocomplete result, update). */
  waitForResponse(interactionId: string): Promise<InteractionAcknowledgement> {
    return this.handle(interactionId).acknowledgement();
  }

  handle(interactionId: string): InteractionHandle {
    return new InteractionHandle(this, this.interaction(interactionId));
  }

  /** The first message in `channel` (optionally matching) — one already there or the next to arrive. */
  waitForChannelMessage(
    channel: string,
    predicate: (message: APIMessage) => boolean = () => true,
  ): Promise<APIMessage> {
    const target = this.channel(channel);
    return this.waitFor(
      () => target.messages.find(predicate),
      () => `a message in #${target.name} (it holds ${target.messages.length})`,
    );
  }

  /** The first logged request matching `predicate`. */
  waitForRequest(predicate: (request: LoggedRequest) => boolean): Promise<LoggedRequest> {
    return this.waitFor(
      () => this.requests.find(predicate),
      () =>
        `a matching request (seen: ${this.requests.map((r) => `${r.method} ${r.route} ${r.status}`).join(', ') || 'none'})`,
    );
  }

  /** Resolves with the first defined `probe()` value, re-checked after every request and gateway event. */
  waitFor<T>(probe: () => T | undefined, what: () => string, timeoutMs = this.#waitTimeoutMs): Promise<T> {
    return this.#changes.waitFor(probe, () => `${what()}${this.#violationSummary()}`, timeoutMs);
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = this.#server.address() as AddressInfo;
    this.apiBase = `http://127.0.0.1:${port}/api`;
    this.gateway.url = `ws://127.0.0.1:${port}/gateway`;
    this.gateway.resumeUrl = `ws://127.0.0.1:${port}/gateway/resume`;
  }

  async stop(): Promise<void> {
    await this.gateway.close();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #interaction(payload: APIInteraction): InteractionHandle {
    const { guild_id: guildId, channel_id: channelId } = payload;
    if (guildId === undefined || channelId === undefined)
      throw new Error('fake-discord: only guild interactions are supported');
    const record: InteractionRecord = {
      id: payload.id,
      token: payload.token,
      payload,
      createdAt: this.clock.now(),
      channelId,
      guildId,
      originalEdits: 0,
      followUps: [],
      events: [],
    };
    this.#interactions.set(record.id, record);
    this.gateway.dispatch(GatewayDispatchEvents.InteractionCreate, payload, guildId);
    return new InteractionHandle(this, record);
  }

  #userMessage(text: string, actor: ActorOptions & { mentionBot: boolean }): APIMessage {
    const { message, channel, event } = buildUserMessage(this.#deps, text, actor);
    channel.messages.push(message);
    this.gateway.dispatch(GatewayDispatchEvents.MessageCreate, event, channel.guildId);
    return message;
  }

  /** Stores a user's message in its channel and sends MESSAGE_CREATE (a DM's to shard 0: it has no guild). */
  #deliver(built: { message: APIMessage; channel: FakeChannel; event: unknown }): APIMessage {
    built.channel.messages.push(built.message);
    const guild = built.channel.guildId === '' ? undefined : built.channel.guildId;
    this.gateway.dispatch(GatewayDispatchEvents.MessageCreate, built.event, guild);
    return built.message;
  }

  #violationSummary(): string {
    const violations = this.violations;
    return violations.length === 0 ? '' : `; violations so far: ${violations.map((v) => v.message).join(' | ')}`;
  }
}

/** One dispatched interaction: await what the bot did with it. */
export class InteractionHandle {
  readonly #fake: FakeDiscord;
  readonly record: InteractionRecord;

  constructor(fake: FakeDiscord, record: InteractionRecord) {
    this.#fake = fake;
    this.record = record;
  }

  get id(): string {
    return this.record.id;
  }

  get token(): string {
    return this.record.token;
  }

  get payload(): APIInteraction {
    return this.record.payload;
  }

  /** The first accepted callback (type and data). */
  acknowledgement(): Promise<InteractionAcknowledgement> {
    return this.until(() => this.record.acknowledgement, 'to be acknowledged');
  }

  /** The reply a user sees: the type-4 message, the deferred reply once edited, or the updated message. */
  reply(): Promise<APIMessage> {
    return this.until(() => visibleReply(this.record), 'to show a reply');
  }

  /** The autocomplete choices the bot answered with. */
  choices(): Promise<APIApplicationCommandOptionChoice[]> {
    return this.until(() => this.record.choices, 'to be answered with autocomplete choices');
  }

  followUp(index = 0): Promise<APIMessage> {
    return this.until(() => this.record.followUps[index], `to have follow-up #${index}`);
  }

  /** The first request about this interaction that the fake refused (status ≥ 400). */
  refusal(): Promise<InteractionEvent> {
    return this.until(() => this.record.events.find((e) => e.status >= 400), 'to be refused');
  }

  until<T>(probe: () => T | undefined, what: string): Promise<T> {
    return this.#fake.waitFor(probe, () => `interaction ${this.id} ${what} (events: ${describeEvents(this.record)})`);
  }
}

function describeEvents(record: InteractionRecord): string {
  if (record.events.length === 0) return 'none';
  return record.events.map((e) => `${e.action} ${e.status}${e.code ? `/${e.code}` : ''}`).join(', ');
}

export { API_PREFIX };
