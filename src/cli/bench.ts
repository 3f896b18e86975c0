import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { formatBenchReport } from '../bench/format-bench-report.js';
import { BURST_SIZE, runBench } from '../bench/run-bench.js';
import { childScriptExists } from '../bench/run-bench-job-in-child.js';
import { parseWorkload } from '../bench/workload.js';
import { UsageError, type CliCommand, parseCliArgs } from './command.js';

function positiveInteger(value: string | undefined, option: string): number | null {
  if (value === undefined) return null;
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new UsageError(`${option} expects a whole number ≥ 1, got '${value}'`);
  return Number(value);
}

export const benchCommand = {
  name: 'bench',
  usage:
    'bench --corpus PATH --queries FILE [--json] [--limit N] [--no-baselines] [--no-growth] [--burst N] [--misses] [--in-process]',
  summary: 'measure build, load, memory, latency, stalls and lookup accuracy against MiniSearch and SQLite FTS5',
  async run(args, io) {
    const { values } = parseCliArgs({
      args,
      options: {
        corpus: { type: 'string' },
        queries: { type: 'string' },
        json: { type: 'boolean', default: false },
        limit: { type: 'string' },
        'no-baselines': { type: 'boolean', default: false },
        'no-growth': { type: 'boolean', default: false },
        burst: { type: 'string' },
        'in-process': { type: 'boolean', default: false },
        misses: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
    if (!values.corpus) throw new UsageError('--corpus PATH is required');
    if (!values.queries) throw new UsageError('--queries FILE is required');
    const queriesPath = resolve(io.cwd, values.queries);
    const queries = parseWorkload(await readFile(queriesPath, 'utf8'), values.queries);

    const isolate = !values['in-process'] && childScriptExists();
    if (!isolate && !values['in-process']) {
      io.stderr.write('bench: no compiled bench-child.js (run `npm run build`); measuring in this process\n');
    }
    const report = await runBench({
      corpus: resolve(io.cwd, values.corpus),
      corpusLabel: values.corpus,
      queries,
      limit: positiveInteger(values.limit, '--limit'),
      baselines: !values['no-baselines'],
      growth: !values['no-growth'],
      misses: values.misses,
      isolate,
      burstSize: positiveInteger(values.burst, '--burst') ?? BURST_SIZE,
      log: (line) => io.stderr.write(line + '\n'),
    });
    io.stdout.write((values.json ? JSON.stringify(report, null, 2) : formatBenchReport(report)) + '\n');
    return 0;
  },
} satisfies CliCommand;
