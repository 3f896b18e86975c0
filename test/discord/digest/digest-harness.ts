// Test doubles for the digest job: only what Paperboy cannot reach (Discord's message endpoint, timers,
// the clock). The store, the planner and the renderer are the real ones.
import type { RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import type { Paper } from '../../../src/core/paper/paper.js';
import type { JobLogger, PostMessage, PostResult } from '../../../src/discord/digest/digest-job.js';
import type { SchedulerTimers } from '../../../src/discord/digest/digest-scheduler.js';

export function makePaper(id: string, title: string, text = `${title} is what this paper studies, in depth.`): Paper {
  return {
    id,
    title,
    text,
    topic: null,
    authors: ['Ada Lovelace', 'Alan Turing'],
    year: 2024,
    venue: null,
    tags: [],
    moreTags: 0,
    links: [{ kind: 'page', url: `https://example.org/papers/${id}`, label: 'page' }],
    source: { file: 'test.txt', line: 1 },
    pageStarts: null,
    firstSeen: null,
  };
}

export class FakeClock {
  #now: number;
  constructor(iso: string) {
    this.#now = Date.parse(iso);
  }
  now = (): Date => new Date(this.#now);
  set(iso: string | Date): void {
    this.#now = typeof iso === 'string' ? Date.parse(iso) : iso.getTime();
  }
  advance(ms: number): void {
    this.#now += ms;
  }
}

export interface PostedMessage {
  id: string;
  channelId: string;
  body: RESTPostAPIChannelMessageJSONBody;
  at: string;
}

type Failure = Extract<PostResult, { ok: false }>;

/**
 * Discord's message create as the job sees it: messages per channel, and a repeated nonce with
 * `enforce_nonce` returns the message already created instead of a second one.
 */
export class FakeChannels {
  readonly messages: PostedMessage[] = [];
  readonly calls: Array<{ channelId: string; body: RESTPostAPIChannelMessageJSONBody }> = [];
  /** Per channel: failures to answer before succeeding (`'forever'` keeps the last one). */
  readonly failures = new Map<string, { queue: Failure[]; forever?: Failure }>();
  /** Per channel: posts wait for this promise before answering. */
  readonly gates = new Map<string, Promise<void>>();
  #next = 1000;

  constructor(private readonly clock: FakeClock) {}

  failNext(channelId: string, ...failures: Failure[]): void {
    this.failures.set(channelId, { queue: failures });
  }

  failAlways(channelId: string, failure: Failure): void {
    this.failures.set(channelId, { queue: [], forever: failure });
  }

  inChannel(channelId: string): PostedMessage[] {
    return this.messages.filter((m) => m.channelId === channelId);
  }

  post: PostMessage = async (channelId, body) => {
    this.calls.push({ channelId, body });
    const gate = this.gates.get(channelId);
    if (gate) await gate;
    const failing = this.failures.get(channelId);
    const failure = failing?.queue.shift() ?? failing?.forever;
    if (failure) return failure;
    if (body.enforce_nonce && body.nonce !== undefined) {
      const same = this.messages.find((m) => m.body.nonce === body.nonce);
      if (same) return { ok: true, messageId: same.id };
    }
    const message = { id: String(this.#next++), channelId, body, at: this.clock.now().toISOString() };
    this.messages.push(message);
    return { ok: true, messageId: message.id };
  };
}

/** Timers fired by hand at fake times. */
export class FakeTimers implements SchedulerTimers {
  pending: Array<{ at: number; callback: () => void; id: number }> = [];
  #id = 0;
  constructor(private readonly clock: FakeClock) {}

  setTimeout = (callback: () => void, ms: number): unknown => {
    const id = ++this.#id;
    this.pending.push({ at: this.clock.now().getTime() + ms, callback, id });
    return id;
  };

  clearTimeout = (handle: unknown): void => {
    this.pending = this.pending.filter((t) => t.id !== handle);
  };

  /** A run is asynchronous; the scheduler arms its next timer when the run is done. */
  async settle(): Promise<void> {
    for (let i = 0; i < 100 && this.pending.length === 0; i++) await new Promise((r) => setImmediate(r));
  }

  /** Fires every timer due up to `until`, in order, moving the clock to each and letting the job's run settle. */
  async runUntil(until: string): Promise<void> {
    const end = Date.parse(until);
    await this.settle();
    for (;;) {
      this.pending.sort((a, b) => a.at - b.at);
      const first = this.pending[0];
      if (!first || first.at > end) break;
      this.pending.shift();
      this.clock.set(new Date(first.at));
      first.callback();
      await this.settle();
    }
    this.clock.set(new Date(end));
  }
}

export class MemoryLogger implements JobLogger {
  readonly lines: Array<{ level: 'info' | 'warn' | 'error'; fields: object; message: string }> = [];
  info(fields: object, message: string): void {
    this.lines.push({ level: 'info', fields, message });
  }
  warn(fields: object, message: string): void {
    this.lines.push({ level: 'warn', fields, message });
  }
  error(fields: object, message: string): void {
    this.lines.push({ level: 'error', fields, message });
  }
}

/** Every text of a posted message (content and embeds), for asserting what readers see. */
export function messageText(body: RESTPostAPIChannelMessageJSONBody): string {
  const texts = [
    body.content ?? '',
    ...(body.embeds ?? []).flatMap((e) => [
      e.title ?? '',
      e.author?.name ?? '',
      e.description ?? '',
      ...(e.fields ?? []).map((f) => f.value),
      e.footer?.text ?? '',
    ]),
  ];
  // Markdown escapes removed, as Discord renders them.
  return texts.join('\n').replace(/\\([\\*_~`|[\]()#>+-])/g, '$1');
}
