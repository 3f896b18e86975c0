/**
 * The process one bench job runs in (forked by `run-bench-job-in-child.ts`): it receives one job,
 * sends back its result or its error, and exits, so nothing of it stays in the next measurement.
 */
import { runBenchJob, type BenchJob } from './bench-job.js';

export type ChildReply = { ok: true; result: unknown } | { ok: false; error: string };

function reply(message: ChildReply, code: number): void {
  process.send?.(message, undefined, undefined, () => process.exit(code));
}

process.once('message', (job: BenchJob) => {
  runBenchJob(job).then(
    (result) => reply({ ok: true, result }, 0),
    (error: unknown) =>
      reply({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }, 1),
  );
});
