import { parseArgs, type ParseArgsConfig } from 'node:util';

/** What a `paperboy` subcommand sees of the outside world; injected so tests can run commands in-process. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
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
 * usage line then follows it) instead of a stack trace, and a negative number taken as an option's value
 * (`--limit -3`), so the command can say what the value must be.
 * @example const { values } = parseCliArgs({ args, options: { json: { type: 'boolean', default: false } } });
 */
export function parseCliArgs<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  const args: string[] = [];
  const given = config.args ?? [];
  for (let i = 0; i < given.length; i++) {
    const arg = given[i]!;
    const next = given[i + 1];
    const option = arg.startsWith('--') ? config.options?.[arg.slice(2)] : undefined;
    if (option?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      args.push(`${arg}=${next}`);
      i++;
    } else args.push(arg);
  }
  try {
    return parseArgs({ ...config, args }) as ReturnType<typeof parseArgs<T>>;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = error instanceof Error ? error.message : String(error);
    const option = /'(-[^' ]+)/.exec(message)?.[1];
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) {
      // `-equivariant point cloud` is text that starts with a hyphen (a copied title, an exclusion), not flags.
      const text = args.find((arg) => arg.startsWith(option) && !arg.startsWith('--') && arg.length > 2);
      const hint = text === undefined ? '' : ` (text that starts with "-" goes after --: -- ${JSON.stringify(text)})`;
      throw new UsageError(`unknown option '${option}'${hint}`);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) throw new UsageError(`${option} needs a value`);
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') throw new UsageError(message.split('\n')[0]!);
    throw new UsageError(message);
  }
}
