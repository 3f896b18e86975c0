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
