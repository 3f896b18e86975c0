import { ask } from '../core/answer/answer.js';
import { formatAnswer, styleFor } from '../terminal/format-answer.js';
import { terminalSettings } from '../config.js';
import { UsageError, type CliCommand, type CliIo, parseCliArgs } from './command.js';
import { openCliIndex } from './open-cli-index.js';
import { FILTER_FLAGS, FILTER_USAGE, withFilterFlags } from './filter-flags.js';

/**
 * `paperboy ask "QUESTION" [--corpus DIR] [--json] [--author NAME] …`: one answer, as the chat or the bot would
 * give it; the filter flags narrow it as the same filters typed in the question do.
 */
export const askCommand = {
  name: 'ask',
  usage: `ask "QUESTION" [--corpus DIR] [--limit N] [--json] [--plain] ${FILTER_USAGE}`,
  summary: 'answer a question from the corpus: best papers, passages, the answering sentence, links',
  async run(args: string[], io: CliIo): Promise<number> {
    const parsed = parseCliArgs({
      args,
      options: {
        corpus: { type: 'string' },
        limit: { type: 'string' },
        json: { type: 'boolean', default: false },
        plain: { type: 'boolean', default: false },
        ...FILTER_FLAGS,
      },
      allowPositionals: true,
    });
    const typed = parsed.positionals.join(' ').trim();
    if (typed === '') throw new UsageError('expected a QUESTION');
    const question = withFilterFlags(typed, parsed.values);
    const limit = parsed.values.limit === undefined ? undefined : Number(parsed.values.limit);
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 100)) {
      throw new UsageError(`--limit: expected a whole number from 1 to 100, got '${parsed.values.limit}'`);
    }
    const { index } = await openCliIndex(io, parsed.values.corpus);
    const answer = ask(index, question, limit === undefined ? {} : { limit });
    if (parsed.values.json) io.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
    else
      io.stdout.write(
        `${formatAnswer(answer, styleFor(io.stdout, { ...terminalSettings(), plain: parsed.values.plain }))}\n`,
      );
    return answer.kind === 'answer' ? 0 : 1;
  },
} satisfies CliCommand;
