import { lookup } from '../core/answer/lookup.js';
import { formatLookup, styleFor } from '../terminal/format-answer.js';
import { terminalSettings } from '../config.js';
import { UsageError, type CliCommand, type CliIo, parseCliArgs } from './command.js';
import { openCliIndex } from './open-cli-index.js';
import { FILTER_FLAGS, FILTER_USAGE, withFilterFlags } from './filter-flags.js';

/** `paperboy paper "QUERY" [--corpus DIR] [--json]`: papers by title words, id, author or venue. */
export const paperCommand = {
  name: 'paper',
  usage: `paper "QUERY" [--corpus DIR] [--json] [--plain] ${FILTER_USAGE}`,
  summary: 'find papers by title words, id, author or venue (typos forgiven)',
  async run(args: string[], io: CliIo): Promise<number> {
    const parsed = parseCliArgs({
      args,
      options: {
        corpus: { type: 'string' },
        json: { type: 'boolean', default: false },
        plain: { type: 'boolean', default: false },
        ...FILTER_FLAGS,
      },
      allowPositionals: true,
    });
    // Filters alone (`paper --author hinton`) list the newest papers that pass them.
    const query = withFilterFlags(parsed.positionals.join(' ').trim(), parsed.values);
    if (query === '') throw new UsageError('expected a QUERY');
    const { index } = await openCliIndex(io, parsed.values.corpus);
    const result = lookup(index, query);
    if (parsed.values.json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else
      io.stdout.write(
        `${formatLookup(result, styleFor(io.stdout, { ...terminalSettings(), plain: parsed.values.plain }))}\n`,
      );
    return result.kind === 'found' ? 0 : 1;
  },
} satisfies CliCommand;
