import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomBytes } from 'node:crypto';
import {
  GatewayCloseCodes,
  GatewayDispatchEvents,
  GatewayIntentBits,
  GatewayOpcodes,
  type ApplicationFlags,
  type GatewayReadyDispatchData,
} from 'discord-api-types/v10';
import { WebSocket, WebSocketServer } from 'ws';
import type { FakeClock } from './clock.js';
import type { Changes } from './changes.js';
import { guildCreatePayload, type FakeWorld } from './world.js';

/** Intents Discord gates behind a switch in the developer portal. */
const PRIVILEGED_INTENTS =
  GatewayIntentBits.GuildMembers | GatewayIntentBits.GuildPresences | GatewayIntentBits.MessageContent;
const ALL_INTENTS = Object.values(GatewayIntentBits)
  .filter((bit): bit is number => typeof bit === 'number')
  .reduce((all, bit) => all | bit, 0);
/** Closes after which Discord will not resume the session. */
const SESSION_ENDING_CLOSE_CODES = new Set<number>([
  GatewayCloseCodes.AuthenticationFailed,
  GatewayCloseCodes.InvalidSeq,
  GatewayCloseCodes.SessionTimedOut,
  GatewayCloseCodes.InvalidShard,
  GatewayCloseCodes.ShardingRequired,
  GatewayCloseCodes.InvalidAPIVersion,
  GatewayCloseCodes.InvalidIntents,
  GatewayCloseCodes.DisallowedIntents,
]);
/** Discord closes a connection that sends more than 120 payloads in 60 seconds. */
const SEND_LIMIT = { count: 120, windowMs: 60_000 };

export interface GatewayOptions {
  /** Sent in HELLO. Default 41 250 ms like Discord; a heartbeat test sets 200–500 ms. */
  heartbeatIntervalMs?: number;
  /** Privileged intents "enabled in the portal" (bits). Default none: asking for one closes with 4014. */
  privilegedIntents?: number;
}

/** One entry of the gateway's traffic, for assertions: `fake.gateway.log.filter((e) => e.op === 6)`. */
export interface GatewayLogEntry {
  at: number;
  connection: number;
  /** `received` from the client, `sent` by the fake, `closed` by either side. */
  direction: 'received' | 'sent' | 'closed';
  op?: number;
  t?: string;
  /** The close code for `closed` entries; the path the client connected to for the HELLO. */
  code?: number;
  /** Who closed, for `closed` entries. */
  by?: 'fake' | 'client';
  path?: string;
  /** The intents an IDENTIFY asked for. */
  intents?: number;
  /** The `[shard_id, num_shards]` an IDENTIFY asked for (`[0, 1]` when it sent none). */
  shard?: [number, number];
}

interface Session {
  id: string;
  shard: [number, number];
  intents: number;
  seq: number;
  /** Every dispatch of the session, replayed on RESUME from the client's last seq. */
  sent: { s: number; t: string; d: unknown }[];
  connection?: Connection;
  valid: boolean;
}

interface Connection {
  id: number;
  socket: WebSocket;
  path: string;
  session?: Session;
  sentAt: number[];
  closedByFake?: boolean;
}

interface GatewayDeps {
  clock: FakeClock;
  world: FakeWorld;
  changes: Changes;
}

/** The fake gateway: HELLO, IDENTIFY/READY/GUILD_CREATE, heartbeats, RESUME, dispatches and faults on demand. */
export class FakeGateway {
  readonly log: GatewayLogEntry[] = [];
  heartbeatIntervalMs: number;
  privilegedIntents: number;
  /** Set once the HTTP server listens. */
  url = '';
  resumeUrl = '';

  readonly #deps: GatewayDeps;
  readonly #server = new WebSocketServer({ noServer: true });
  readonly #sessions = new Map<string, Session>();
  readonly #connections = new Set<Connection>();
  #connectionCount = 0;
  #acksToWithhold = 0;

  constructor(deps: GatewayDeps, options: GatewayOptions = {}) {
    this.#deps = deps;
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? 41_250;
    this.privilegedIntents = options.privilegedIntents ?? 0;
  }

  /** How many IDENTIFY payloads were accepted: Discord allows 1000 a day per token. */
  get identifies(): number {
    return this.log.filter((e) => e.direction === 'sent' && e.t === GatewayDispatchEvents.Ready).length;
  }

  get resumes(): number {
    return this.log.filter((e) => e.direction === 'sent' && e.t === GatewayDispatchEvents.Resumed).length;
  }

  /** True when some shard has a live, identified connection. */
  get connected(): boolean {
    return [...this.#connections].some((c) => c.session !== undefined && c.socket.readyState === WebSocket.OPEN);
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = new URL(request.url ?? '/', 'http://fake').pathname;
    if (path !== '/gateway' && path !== '/gateway/resume') {
      socket.destroy();
      return;
    }
    this.#server.handleUpgrade(request, socket, head, (ws) => this.#accept(ws, path));
  }

  /**
   * Sends a dispatch to the shard that owns `guildId` (shard 0 without one). A shard that is reconnecting gets it
   * on RESUME, as from Discord. Throws when no client ever identified (dispatch after `clientReady`), unless
   * `optional` (events that merely echo the bot's own actions).
   */
  dispatch(t: string, d: unknown, guildId?: string, options: { optional?: boolean } = {}): void {
    const sessions = [...this.#sessions.values()].filter((s) => s.valid && ownsGuild(s, guildId));
    if (sessions.length === 0 && !options.optional) {
      throw new Error(
        `fake-discord: cannot dispatch ${t}: no session has identified (await the client's clientReady first)`,
      );
    }
    for (const session of sessions) this.#dispatchTo(session, t, this.#forSession(session, t, d));
  }

  /** The next `count` heartbeats get no ACK, so the client sees a zombie connection and resumes. */
  withholdHeartbeatAcks(count = 1): void {
    this.#acksToWithhold = count;
  }

  /** op 7: the client should reconnect and resume. */
  requestReconnect(): void {
    for (const connection of this.#liveConnections()) this.#send(connection, { op: GatewayOpcodes.Reconnect, d: null });
  }

  /** op 9: `resumable` false forgets the sessions, so the client must identify again. */
  invalidateSessions(resumable: boolean): void {
    for (const connection of this.#liveConnections()) {
      if (!resumable && connection.session) connection.session.valid = false;
      this.#send(connection, { op: GatewayOpcodes.InvalidSession, d: resumable });
    }
  }

  /** Closes every connection with `code`, as Discord does on errors (4000 resumes; 4004, 4013, 4014 are fatal). */
  closeConnections(code: number, reason = 'closed by the fake'): void {
    for (const connection of this.#liveConnections()) this.#close(connection, code, reason);
  }

  async close(): Promise<void> {
    for (const connection of this.#connections) connection.socket.terminate();
    this.#connections.clear();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #liveConnections(): Connection[] {
    return [...this.#connections].filter((c) => c.socket.readyState === WebSocket.OPEN);
  }

  #accept(socket: WebSocket, path: string): void {
    const connection: Connection = { id: ++this.#connectionCount, socket, path, sentAt: [] };
    this.#connections.add(connection);
    socket.on('message', (data, isBinary) => this.#onMessage(connection, data.toString(), isBinary));
    socket.on('close', (code) => {
      this.#connections.delete(connection);
      const session = connection.session;
      if (session?.connection === connection) delete session.connection;
      if (connection.closedByFake) return;
      // A client that closes with 1000/1001 ends its session (discord.js does on destroy); 4200 means "I will resume".
      if (session && (code === 1000 || code === 1001)) session.valid = false;
      this.#record(connection, { direction: 'closed', code, by: 'client' });
    });
    socket.on('error', () => socket.terminate());
    this.#record(connection, { direction: 'sent', op: GatewayOpcodes.Hello, path });
    socket.send(
      JSON.stringify({
        op: GatewayOpcodes.Hello,
        d: { heartbeat_interval: this.heartbeatIntervalMs },
        s: null,
        t: null,
      }),
    );
  }

  #onMessage(connection: Connection, raw: string, isBinary: boolean): void {
    const now = this.#deps.clock.now();
    connection.sentAt = connection.sentAt.filter((at) => at > now - SEND_LIMIT.windowMs);
    connection.sentAt.push(now);
    if (connection.sentAt.length > SEND_LIMIT.count)
      return this.#close(connection, GatewayCloseCodes.RateLimited, 'rate limited');
    if (isBinary) return this.#close(connection, GatewayCloseCodes.DecodeError, 'expected JSON text frames');
    let payload: { op?: unknown; d?: unknown };
    try {
      payload = JSON.parse(raw) as { op?: unknown; d?: unknown };
    } catch {
      return this.#close(connection, GatewayCloseCodes.DecodeError, 'decode error');
    }
    const op = typeof payload.op === 'number' ? payload.op : -1;
    const identify = op === GatewayOpcodes.Identify ? (payload.d as IdentifyData | undefined) : undefined;
    const intents = identify?.intents;
    this.#record(connection, {
      direction: 'received',
      op,
      ...(typeof intents === 'number' ? { intents } : {}),
      ...(identify ? { shard: Array.isArray(identify.shard) ? [identify.shard[0], identify.shard[1]] : [0, 1] } : {}),
    });
    switch (payload.op) {
      case GatewayOpcodes.Heartbeat:
        if (this.#acksToWithhold > 0) this.#acksToWithhold--;
        else this.#send(connection, { op: GatewayOpcodes.HeartbeatAck });
        return;
      case GatewayOpcodes.Identify:
        return this.#identify(connection, payload.d as IdentifyData);
      case GatewayOpcodes.Resume:
        return this.#resume(connection, payload.d as ResumeData);
      case GatewayOpcodes.PresenceUpdate:
      case GatewayOpcodes.RequestGuildMembers:
      case GatewayOpcodes.VoiceStateUpdate:
        if (!connection.session)
          return this.#close(connection, GatewayCloseCodes.NotAuthenticated, 'not authenticated');
        return;
      default:
        return this.#close(connection, GatewayCloseCodes.UnknownOpcode, `unknown opcode ${String(payload.op)}`);
    }
  }

  #identify(connection: Connection, d: IdentifyData): void {
    const { world } = this.#deps;
    if (connection.session)
      return this.#close(connection, GatewayCloseCodes.AlreadyAuthenticated, 'already authenticated');
    if (d?.token !== world.token)
      return this.#close(connection, GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
    const intents = d.intents;
    if (typeof intents !== 'number' || !Number.isInteger(intents) || intents < 0 || (intents & ~ALL_INTENTS) !== 0) {
      return this.#close(connection, GatewayCloseCodes.InvalidIntents, 'Invalid intent(s).');
    }
    if ((intents & PRIVILEGED_INTENTS & ~this.privilegedIntents) !== 0) {
      return this.#close(connection, GatewayCloseCodes.DisallowedIntents, 'Disallowed intent(s).');
    }
    const shard: [number, number] = Array.isArray(d.shard) ? [d.shard[0], d.shard[1]] : [0, 1];
    if (!(shard[1] >= 1 && shard[0] >= 0 && shard[0] < shard[1])) {
      return this.#close(connection, GatewayCloseCodes.InvalidShard, 'Invalid shard.');
    }
    // The newest IDENTIFY of a shard gets its events; an older session of that shard can no longer resume.
    for (const old of this.#sessions.values())
      if (old.shard[0] === shard[0] && old.shard[1] === shard[1]) old.valid = false;
    const session: Session = {
      id: randomBytes(16).toString('hex'),
      shard,
      intents,
      seq: 0,
      sent: [],
      connection,
      valid: true,
    };
    this.#sessions.set(session.id, session);
    connection.session = session;
    const guilds = world.guilds.filter((g) => ownsGuild(session, g.id));
    const ready: GatewayReadyDispatchData = {
      v: 10,
      user: { ...world.bot, verified: true, mfa_enabled: false },
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: this.resumeUrl,
      shard,
      application: { id: world.applicationId, flags: 0 as ApplicationFlags, flags_new: '0' },
    };
    this.#dispatchTo(session, GatewayDispatchEvents.Ready, ready);
    for (const guild of guilds)
      this.#dispatchTo(session, GatewayDispatchEvents.GuildCreate, guildCreatePayload(world, guild));
  }

  #resume(connection: Connection, d: ResumeData): void {
    if (d?.token !== this.#deps.world.token)
      return this.#close(connection, GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
    const session = typeof d.session_id === 'string' ? this.#sessions.get(d.session_id) : undefined;
    if (!session || !session.valid) {
      this.#send(connection, { op: GatewayOpcodes.InvalidSession, d: false });
      return;
    }
    const previous = session.connection;
    if (previous && previous !== connection)
      this.#close(previous, GatewayCloseCodes.SessionTimedOut, 'resumed elsewhere');
    session.connection = connection;
    connection.session = session;
    const from = typeof d.seq === 'number' ? d.seq : 0;
    for (const event of session.sent.filter((e) => e.s > from))
      this.#send(connection, { op: GatewayOpcodes.Dispatch, ...event });
    this.#dispatchTo(session, GatewayDispatchEvents.Resumed, null);
  }

  /** What a session may see: MESSAGE_CREATE needs GuildMessages, and content needs MessageContent or a mention. */
  #forSession(session: Session, t: string, d: unknown): unknown {
    if (t !== GatewayDispatchEvents.MessageCreate || (session.intents & GatewayIntentBits.MessageContent) !== 0)
      return d;
    const message = d as { mentions?: { id: string }[]; author?: { id: string }; guild_id?: string };
    const botId = this.#deps.world.bot.id;
    // DMs to the bot carry their content too.
    if (message.guild_id === undefined) return d;
    if (message.author?.id === botId || message.mentions?.some((u) => u.id === botId)) return d;
    return { ...message, content: '', embeds: [], attachments: [], components: [], poll: undefined };
  }

  #dispatchTo(session: Session, t: string, d: unknown): void {
    if (t === GatewayDispatchEvents.MessageCreate) {
      const needs = (d as { guild_id?: string }).guild_id === undefined ? 'DirectMessages' : 'GuildMessages';
      if ((session.intents & GatewayIntentBits[needs]) === 0) return;
    }
    const event = { s: ++session.seq, t, d };
    session.sent.push(event);
    if (session.connection && session.connection.socket.readyState === WebSocket.OPEN) {
      this.#send(session.connection, { op: GatewayOpcodes.Dispatch, ...event });
    }
  }

  #send(connection: Connection, payload: { op: number; d?: unknown; s?: number; t?: string }): void {
    this.#record(connection, { direction: 'sent', op: payload.op, ...(payload.t ? { t: payload.t } : {}) });
    connection.socket.send(JSON.stringify({ s: null, t: null, d: null, ...payload }));
  }

  #close(connection: Connection, code: number, reason: string): void {
    if (connection.closedByFake) return;
    connection.closedByFake = true;
    // Logged now: the client may act on the close (a rejected login) before the closing handshake completes.
    this.#record(connection, { direction: 'closed', code, by: 'fake' });
    if (connection.session && SESSION_ENDING_CLOSE_CODES.has(code)) connection.session.valid = false;
    connection.socket.close(code, reason);
  }

  #record(connection: Connection, entry: Omit<GatewayLogEntry, 'at' | 'connection'>): void {
    this.log.push({ at: this.#deps.clock.now(), connection: connection.id, ...entry });
    this.#deps.changes.notify();
  }
}

interface IdentifyData {
  token?: unknown;
  intents?: unknown;
  shard?: [number, number];
}

interface ResumeData {
  token?: unknown;
  session_id?: unknown;
  seq?: unknown;
}

function ownsGuild(session: Session, guildId: string | undefined): boolean {
  const [id, count] = session.shard;
  if (guildId === undefined) return id === 0;
  // Discord's formula: shard_id = (guild_id >> 22) % num_shards.
  return Number((BigInt(guildId) >> 22n) % BigInt(count)) === id;
}
