import { existsSync } from 'node:fs';
import { fork } from 'node:child_process';
import type { ChildReply } from './bench-child.js';
import type { BenchJob, JobResult } from './bench-job.js';

const CHILD_SCRIPT = new URL('./bench-child.js', import.meta.url);

/** Whether the compiled child script is there to fork (it is not when the bench runs from sources). */
export function childScriptExists(): boolean {
  return existsSync(CHILD_SCRIPT);
}

/**
 * Node flags of a measuring process: `gc()` for settled memory figures, and a heap large enough for
 * the biggest baseline (plain MiniSearch over 87,679 abstracts) to build and serialise.
 */
export const CHILD_EXEC_ARGV = ['--expose-gc', '--max-old-space-size=8192'];

/**
 * Runs one bench job in a fresh Node process (the compiled `bench-child.js` beside this module), so
 * its memory and timings hold that one engine and nothing the bench or another engine left behind.
 * The child's own output is passed to `onOutput`, keeping the bench's stdout for its report.
 */
export function runBenchJobInChild<J extends BenchJob>(
  job: J,
  onOutput: (chunk: string) => void,
): Promise<JobResult<J>> {
  const child = fork(CHILD_SCRIPT, [], {
    execArgv: CHILD_EXEC_ARGV,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'advanced',
  });
  child.stdout?.setEncoding('utf8').on('data', onOutput);
  child.stderr?.setEncoding('utf8').on('data', onOutput);
  return new Promise((resolve, reject) => {
    let reply: ChildReply | undefined;
    child.once('message', (message: ChildReply) => (reply = message));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (reply?.ok) resolve(reply.result as JobResult<J>);
      else if (reply) reject(new Error(`bench: ${job.engine} ${job.kind} job failed: ${reply.error}`));
      else
        reject(
          new Error(`bench: ${job.engine} ${job.kind} process ended without a result (${signal ?? `exit ${code}`})`),
        );
    });
    child.send(job);
  });
}
