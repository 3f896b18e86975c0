// One machine of a multi-machine bot, as a test starts it: `node dist/main.js` in a child process with its
// own settings (its shard ids, its DATA_DIR), its JSON log read line by line, and its clock the test's
// (fake-now.mjs: starts at `now`, runs on in real time, moved forward by `setNow`).
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');
const FAKE_NOW = join(import.meta.dirname, 'fake-now.mjs');

export interface MachineOptions {
  name: string;
  /** The bot's settings (DISCORD_TOKEN, SHARDS, DATA_DIR…); nothing else of the test's environment is passed. */
  env: Record<string, string>;
  /** The machine's clock at start, epoch ms. */
  now: number;
  /** The real-time bound of `waitForLog`: a guard for a broken test, not a speed requirement. */
  waitTimeoutMs?: number;
}

export type LogLine = Record<string, unknown> & { msg?: string };

export class BotMachine {
  readonly name: string;
  readonly lines: LogLine[] = [];
  /** Everything the process wrote that is not a JSON log line (start-up notices, crashes). */
  other = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly #child: ChildProcess;
  readonly #waitTimeoutMs: number;
  #waiters: (() => void)[] = [];

  constructor(options: MachineOptions) {
    this.name = options.name;
    this.#waitTimeoutMs = options.waitTimeoutMs ?? 30_000;
    this.#child = spawn(process.execPath, ['--import', FAKE_NOW, join(ROOT, 'dist/main.js')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', PAPERBOY_TEST_NOW: String(options.now), ...options.env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    this.exited = once(this.#child, 'exit').then(([code, signal]) => ({
      code: code as number | null,
      signal: signal as NodeJS.Signals | null,
    }));
    let pending = '';
    const read = (chunk: Buffer) => {
      pending += chunk.toString();
      const parts = pending.split('\n');
      pending = parts.pop() ?? '';
      for (const line of parts) {
        if (line.startsWith('{')) this.lines.push(JSON.parse(line) as LogLine);
        else if (line.trim() !== '') this.other += `${line}\n`;
      }
      for (const wake of this.#waiters) wake();
    };
    this.#child.stdout!.on('data', read);
    this.#child.stderr!.on('data', read);
  }

  get pid(): number {
    return this.#child.pid!;
  }

  get running(): boolean {
    return this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** Resolves with the first log line (from the start) that matches; fails after the guard with the log. */
  async waitForLog(match: (line: LogLine) => boolean, what: string): Promise<LogLine> {
    const deadline = Date.now() + this.#waitTimeoutMs;
    for (;;) {
      const found = this.lines.find(match);
      if (found) return found;
      if (!this.running) throw new Error(`${this.name} exited while waiting for ${what}:\n${this.describe()}`);
      if (Date.now() > deadline) throw new Error(`${this.name}: no ${what} within the guard:\n${this.describe()}`);
      await new Promise<void>((wake) => {
        const timer = setTimeout(wake, 100);
        this.#waiters.push(() => {
          clearTimeout(timer);
          wake();
        });
      });
      this.#waiters = [];
    }
  }

  /** Moves this machine's clock to `epochMs` (from where it runs on in real time). */
  async setNow(epochMs: number): Promise<void> {
    const acked = new Promise<void>((done) => {
      const onMessage = (message: unknown) => {
        if ((message as { fakeNowSet?: unknown })?.fakeNowSet !== epochMs) return;
        this.#child.off('message', onMessage);
        done();
      };
      this.#child.on('message', onMessage);
    });
    this.#child.send({ fakeNow: epochMs });
    await acked;
  }

  /** SIGKILL: the machine dies with no chance to let anything go. */
  async kill(): Promise<void> {
    if (this.running) this.#child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM, as `docker stop` sends: the bot shuts down cleanly. */
  async stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.running) this.#child.kill('SIGTERM');
    return this.exited;
  }

  /** The last log lines and other output, for a failure message. */
  describe(): string {
    const tail = this.lines.slice(-30).map((l) => JSON.stringify(l));
    return [...tail, this.other.slice(-2000)].join('\n');
  }
}
