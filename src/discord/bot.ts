// The bot's life: log in, answer, survive, and stop cleanly. Rate limits, 5xx retries and gateway
// resumes are discord.js's job; this logs them. What discord.js cannot recover from (a bad token,
// intents the application may not use, sharding required) ends the process with a message that says
// what to fix, rather than a login loop that burns the 1000 identifies a day.
import { Events, GatewayCloseCodes, RESTEvents, Status, type Client } from 'discord.js';
import type { Logger } from '../logger.js';
import { createAskButtons } from './ask/ask-buttons.js';
import { createDiscordClient, type DiscordShards } from './client.js';
import { createDigestButtons } from './digest/digest-buttons.js';
import { createVoteButtons } from './votes/vote-buttons.js';
import { createAlertButtons } from './alerts/alert-buttons.js';
import type { AlertService } from '../core/alerts/alert-service.js';
import type { VoteStore } from '../store/vote-store.js';
import type { DigestService } from '../core/digest/digest-service.js';
import type { BotContext, BotStatus, ButtonHandler, Clock, Command, CorpusView } from './command.js';
import { COMMANDS } from './commands/index.js';
import { Router, ROUTER_OPTIONS, type RouterOptions } from './router.js';
import { forgetUser, type UserData } from '../store/forget-user.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';

export interface BotOptions {
  token: string;
  /** `DISCORD_API_BASE`: Discord, a REST proxy, or a test's fake. */
  apiBase: string;
  /**
   * `SHARDS`: `auto` (Discord's recommendation), a number of shards run by this process, this machine's shard
   * ids of `SHARD_COUNT`, or `manager` when discord.js's ShardingManager spawned this process and chose its shard.
   */
  shards: DiscordShards;
  corpus: () => CorpusView;
  logger: Logger;
  version: string;
  clock?: Clock;
  commands?: readonly Command[];
  buttons?: readonly ButtonHandler[];
  router?: Partial<RouterOptions>;
  /** Daily digests: `/digest` answers with these; without them it says digests are not set up. */
  digests?: DigestService;
  /**
   * Where conversations in threads and DMs are kept (dropped by `/forget`, with `votes`). Default: a store in
   * memory, gone when the bot stops.
   */
  store?: UserData;
  /** Votes: the 👍 buttons and `/top` count with these; without them they say votes are not set up. */
  votes?: VoteStore;
  /** Personal alerts: `/alert` answers with these; without them it says alerts are not set up. */
  alerts?: AlertService;
}

export interface RunningBot {
  client: Client<true>;
  router: Router;
  /**
   * Settles when a shard is closed for good after start-up (the token was reset: 4004; the bot grew
   * past 2,500 guilds: 4011). discord.js will not reconnect it; the process should exit and say why.
   */
  fatal: Promise<BotLoginError>;
  /** Stops taking work, waits for what is in flight (at most `drainMs`), then closes the connection. */
  stop(drainMs?: number): Promise<void>;
}

/** The gateway refused us for good: the message says what to fix. */
export class BotLoginError extends Error {
  override name = 'BotLoginError';
  constructor(
    message: string,
    readonly closeCode: number | undefined,
  ) {
    super(message);
  }
}

const ADVICE: Record<number, string> = {
  [GatewayCloseCodes.AuthenticationFailed]:
    'Discord rejected DISCORD_TOKEN (close code 4004). Copy a fresh token from the Developer Portal (your application → Bot → Reset Token) into DISCORD_TOKEN.',
  [GatewayCloseCodes.DisallowedIntents]:
    'Discord refused the gateway intents (close code 4014). Paperboy asks only for Guilds, GuildMessages and DirectMessages, which are not privileged; check that this build is unmodified, or enable the intent in the Developer Portal (Bot → Privileged Gateway Intents).',
  [GatewayCloseCodes.ShardingRequired]:
    'Discord requires sharding for this many guilds (close code 4011). Set SHARDS=auto, or a larger number of shards.',
  [GatewayCloseCodes.InvalidShard]: 'Discord rejected the shard settings (close code 4010). Check SHARDS.',
  [GatewayCloseCodes.InvalidIntents]: 'Discord rejected the intents as invalid (close code 4013).',
  [GatewayCloseCodes.InvalidAPIVersion]:
    'Discord rejected the gateway API version (close code 4012). Update discord.js.',
};

/** Close codes after which discord.js gives a shard up. */
const UNRECOVERABLE = new Set(Object.keys(ADVICE).map(Number));

const MESSAGE_CODES: [RegExp, number][] = [
  [/authentication failed|invalid token|TokenInvalid/i, GatewayCloseCodes.AuthenticationFailed],
  [/disallowed intents/i, GatewayCloseCodes.DisallowedIntents],
  [/sharding is required/i, GatewayCloseCodes.ShardingRequired],
  [/invalid shard/i, GatewayCloseCodes.InvalidShard],
  [/invalid intent/i, GatewayCloseCodes.InvalidIntents],
  [/invalid API version/i, GatewayCloseCodes.InvalidAPIVersion],
];

/** Turns a rejected login into advice; `closeCode` is the last close code a shard reported, if any. */
export function explainLoginFailure(error: unknown, closeCode: number | undefined): BotLoginError {
  const text = error instanceof Error ? `${error.message} ${(error as { code?: unknown }).code ?? ''}` : String(error);
  const code =
    closeCode !== undefined && ADVICE[closeCode] ? closeCode : MESSAGE_CODES.find(([re]) => re.test(text))?.[1];
  const advice = code !== undefined ? ADVICE[code] : undefined;
  return new BotLoginError(advice ?? `bot: could not connect to Discord: ${text.trim()}`, code);
}

function status(client: Client, version: string, startedAt: number): BotStatus {
  return {
    version,
    startedAt,
    gatewayPingMs: client.ws.ping,
    shards: [...client.ws.shards.values()].map((s) => ({ id: s.id, ready: s.status === Status.Ready })),
  };
}

/** Durable listeners: nothing a shard or the REST client reports can crash the process. */
function listen(client: Client, logger: Logger): void {
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));
  client.on(Events.ShardError, (error, shard) => logger.error({ err: error, shard }, 'shard error'));
  client.on(Events.Warn, (warning) => logger.warn({ warning }, 'discord client warning'));
  client.on(Events.ShardDisconnect, (event, shard) => logger.warn({ shard, code: event.code }, 'shard disconnected'));
  client.on(Events.ShardReconnecting, (shard) => logger.info({ shard }, 'shard reconnecting'));
  client.on(Events.ShardResume, (shard, replayed) => logger.info({ shard, replayed }, 'shard resumed'));
  client.on(Events.ShardReady, (shard) => logger.info({ shard }, 'shard ready'));
  client.on(Events.Invalidated, () => logger.error('session invalidated'));
  client.rest.on(RESTEvents.RateLimited, (info) =>
    logger.warn(
      { route: info.route, method: info.method, retryAfterMs: info.retryAfter, global: info.global, scope: info.scope },
      'discord rate limit',
    ),
  );
  if (logger.isLevelEnabled('debug'))
    client.on(Events.Debug, (line) => logger.debug({ discord: line }, 'discord debug'));
}

/**
 * Logs in and answers until stopped. Rejects with a {@link BotLoginError} when Discord refuses the
 * connection for good; the caller exits non-zero with its message.
 */
export async function startBot(options: BotOptions): Promise<RunningBot> {
  const { logger } = options;
  const clock = options.clock ?? { now: () => Date.now() };
  const startedAt = clock.now();
  const client = createDiscordClient({ apiBase: options.apiBase, shards: options.shards });
  const memory = options.store ? undefined : openSqliteStore(':memory:');
  const userData: UserData = options.store ?? memory!;
  const ctx: BotContext = {
    corpus: options.corpus,
    status: () => status(client, options.version, startedAt),
    logger,
    clock,
    ...(options.digests ? { digests: options.digests } : {}),
    conversations: userData.conversations,
    // Votes are forgotten where they are counted (options.votes), conversations where they are kept.
    forgetUser: (userId) =>
      forgetUser(
        {
          conversations: userData.conversations,
          ...(options.votes ? { votes: options.votes } : {}),
          ...(userData.subscriptions ? { subscriptions: userData.subscriptions } : {}),
          ...(userData.users ? { users: userData.users } : {}),
        },
        userId,
      ),
    ...(options.votes ? { votes: options.votes } : {}),
    ...(options.alerts ? { alerts: options.alerts, takeNotice: (userId) => options.alerts!.takeNotice(userId) } : {}),
  };
  const router = new Router(
    options.commands ?? COMMANDS,
    options.buttons ?? [createAskButtons(), createDigestButtons(), createVoteButtons(), createAlertButtons()],
    ctx,
    {
      ...ROUTER_OPTIONS,
      ...options.router,
    },
  );
  listen(client, logger);
  let lastCloseCode: number | undefined;
  client.on(Events.ShardDisconnect, (event) => (lastCloseCode = event.code));
  client.on(Events.InteractionCreate, (interaction) => void router.handleInteraction(interaction));
  client.on(Events.MessageCreate, (message) => void router.handleMessage(message));

  const fatal = new Promise<BotLoginError>((resolve) =>
    client.on(Events.ShardDisconnect, (event) => {
      if (UNRECOVERABLE.has(event.code)) resolve(explainLoginFailure(undefined, event.code));
    }),
  );
  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  try {
    await client.login(options.token);
  } catch (error) {
    await client.destroy().catch(() => undefined);
    await memory?.close();
    throw explainLoginFailure(error, lastCloseCode);
  }
  const readyClient = await ready;
  logger.info(
    { user: readyClient.user.tag, guilds: readyClient.guilds.cache.size, shards: [...client.ws.shards.keys()] },
    'bot ready',
  );

  let stopping: Promise<void> | undefined;
  return {
    client: readyClient,
    router,
    fatal,
    stop(drainMs = 10_000) {
      stopping ??= (async () => {
        router.close();
        const pending = router.pending;
        const finished = await router.drain(drainMs);
        logger.info({ pending, finished }, finished ? 'in-flight work finished' : 'gave up waiting for in-flight work');
        await client.destroy();
        await memory?.close();
        logger.info('bot stopped');
      })();
      return stopping;
    },
  };
}

/** What {@link runBot} needs of the process: SIGTERM/SIGINT and `unhandledRejection` (tests pass an EventEmitter). */
export type ProcessLike = Pick<NodeJS.EventEmitter, 'on' | 'off'>;

export interface RunBotOptions extends BotOptions {
  /** Runs once the bot is logged in (start the digest scheduler here). */
  onReady?: (bot: RunningBot) => void;
  /** Runs after the bot stops taking work and before the client closes (stop the digest scheduler here). */
  beforeDisconnect?: () => void | Promise<void>;
  drainMs?: number;
}

/**
 * Runs the bot until SIGTERM or SIGINT: then stops taking new work, finishes what is in flight
 * (bounded by `drainMs`), closes the client and resolves 0. Resolves 1, after logging what to fix,
 * when Discord refuses the login or later closes the connection for good. Unhandled rejections are
 * logged, never fatal.
 */
export async function runBot(options: RunBotOptions, proc: ProcessLike = process): Promise<number> {
  const { logger } = options;
  const onRejection = (reason: unknown) => logger.error({ err: reason }, 'unhandled rejection');
  proc.on('unhandledRejection', onRejection);
  let bot: RunningBot;
  try {
    bot = await startBot(options);
  } catch (error) {
    proc.off('unhandledRejection', onRejection);
    if (error instanceof BotLoginError) {
      logger.fatal({ closeCode: error.closeCode }, error.message);
      return 1;
    }
    throw error;
  }
  options.onReady?.(bot);
  let cleanup = () => {};
  const signal = new Promise<string>((resolve) => {
    const onTerm = () => done('SIGTERM');
    const onInt = () => done('SIGINT');
    // Listeners go once the first signal arrives, so a second Ctrl-C falls back to Node's default: exit now.
    const done = (name: string) => {
      cleanup();
      resolve(name);
    };
    cleanup = () => {
      proc.off('SIGTERM', onTerm);
      proc.off('SIGINT', onInt);
    };
    proc.on('SIGTERM', onTerm);
    proc.on('SIGINT', onInt);
  });
  const ended = await Promise.race([signal, bot.fatal]);
  cleanup();
  if (ended instanceof BotLoginError) logger.fatal({ closeCode: ended.closeCode }, ended.message);
  else logger.info({ signal: ended }, 'shutting down');
  bot.router.close();
  await options.beforeDisconnect?.();
  await bot.stop(options.drainMs);
  proc.off('unhandledRejection', onRejection);
  return ended instanceof BotLoginError ? 1 : 0;
}
