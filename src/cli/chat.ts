import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { converse } from '../core/answer/conversation.js';
import { describeReading } from '../core/answer/follow-up.js';
import { formatAnswer, styleFor } from '../terminal/format-answer.js';
import { loadConfig, terminalSettings } from '../config.js';
import { ChatConversation } from '../store/conversation-turn.js';
import { openStore, type Store } from '../store/open-store.js';
import { type CliCommand, type CliIo, parseCliArgs } from './command.js';
import { openCliIndex } from './open-cli-index.js';
import { FILTER_FLAGS, FILTER_USAGE, withFilterFlags } from './filter-flags.js';

/**
 * `paperboy chat [--corpus DIR] [--json]`: one question per line of stdin, as one conversation, each
 * answered in turn; with `--json`, one JSON object a line: the `ask --json` shape plus `reading` (the
 * papers a follow-up was scoped to and why, or null for a question of its own). With `--session NAME` the
 * conversation is kept in the store under `terminal:NAME`, so the next run continues it.
 */
export const chatCommand = {
  name: 'chat',
  usage: `chat [--corpus DIR] [--json] [--plain] [--session NAME] ${FILTER_USAGE}`,
  summary: 'answer questions read from stdin, one a line, as one conversation (follow-ups, /new)',
  async run(args: string[], io: CliIo): Promise<number> {
    const parsed = parseCliArgs({
      args,
      options: {
        corpus: { type: 'string' },
        json: { type: 'boolean', default: false },
        plain: { type: 'boolean', default: false },
        session: { type: 'string' },
        ...FILTER_FLAGS,
      },
    });
    const { index } = await openCliIndex(io, parsed.values.corpus);
    const style = styleFor(io.stdout, { ...terminalSettings(), plain: parsed.values.plain });
    const { session } = parsed.values;
    // openCliIndex has checked DATA_DIR; the store is opened only when a session is to be kept.
    const config = loadConfig();
    const store: Store | undefined =
      session === undefined
        ? undefined
        : await openStore(
            { databaseUrl: config.DATABASE_URL, dataDir: resolve(io.cwd, config.DATA_DIR) },
            { waitMs: 0 },
          );
    const conversation = new ChatConversation(
      store && session !== undefined ? { store: store.conversations, session, clock: () => new Date() } : undefined,
    );
    try {
      for await (const line of createInterface({ input: io.stdin, terminal: false })) {
        const question = line.trim();
        if (question === '') continue;
        if (question.toLowerCase() === '/new') {
          await conversation.reset();
          continue;
        }
        // The filter flags hold for every question of the conversation.
        const reply = await conversation.turn((kept) =>
          converse(index, kept, withFilterFlags(question, parsed.values)),
        );
        const { reading } = reply;
        if (parsed.values.json) {
          const read = reading.kind === 'new' ? null : { ...reading, text: describeReading(index, reading) };
          io.stdout.write(`${JSON.stringify({ ...reply.answer, reading: read, dropped: reply.dropped })}\n`);
        } else {
          const described = describeReading(index, reading);
          io.stdout.write(
            `${described === undefined ? '' : `(${described})\n`}${formatAnswer(reply.answer, style)}\n\n`,
          );
        }
      }
    } finally {
      await store?.close();
    }
    return 0;
  },
} satisfies CliCommand;
