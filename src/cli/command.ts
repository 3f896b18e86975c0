import { parseArgs, type ParseArgsConfig } from 'node:util';

/** What a `paperboy` subcommand sees of the outside world; injected so tests can run commands in-process. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  /** The working directory relative paths are resolved against. */
  cwd: string;
}

export interface CliCommand {
  /** As typed: `corpus check`, `ask`, `digest preview`. */
  name: string;
  usage: string;
  summary: string;
  /** Returns the process exit code. Expected failures print a message to stderr and return non-zero. */
  run(args: string[], io: CliIo): Promise<number>;
}

/** A usage error: the CLI prints it with the command's usage and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * `parseArgs` from node:util, with an unknown option or a missing value reported as a UsageError (the
 * usage line then follows it) instead of a stack trace.
 * @example const { values } = parseCliArgs({ args, options: { json: { type: 'boolean', default: false } } });
 */
export function parseCliArgs<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}
