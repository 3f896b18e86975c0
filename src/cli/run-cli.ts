import { ConfigError } from '../config.js';
import { CLI_COMMANDS } from './commands.js';
import { UsageError, type CliCommand, type CliIo } from './command.js';
import { commandHelp, groupCommands, groupHelp, mainHelp, packageVersion, widthOf } from './help.js';

/** Picks the longest command name that prefixes argv (`corpus check` before `corpus`). */
function findCommand(argv: string[]): { command: CliCommand; rest: string[] } | undefined {
  const sorted = [...CLI_COMMANDS].sort((a, b) => b.name.split(' ').length - a.name.split(' ').length);
  for (const command of sorted) {
    const words = command.name.split(' ');
    if (words.every((w, i) => argv[i] === w)) return { command, rest: argv.slice(words.length) };
  }
  return undefined;
}

const isHelpFlag = (arg: string) => arg === '--help' || arg === '-h';

/**
 * The `paperboy` command line: finds the command, runs it, and turns what went wrong into a message and an
 * exit code (0 success, 1 no result, 2 usage or configuration error).
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const width = widthOf(io.stdout);
  const [first, ...after] = argv;
  if (first === undefined) {
    io.stderr.write(`${mainHelp(widthOf(io.stderr))}\n`);
    return 2;
  }
  if (first === '--version' || first === '-v' || first === 'version') {
    io.stdout.write(`paperboy ${packageVersion()}\n`);
    return 0;
  }
  if (isHelpFlag(first) || first === 'help') {
    if (after.length === 0) {
      io.stdout.write(`${mainHelp(width)}\n`);
      return 0;
    }
    const wanted = findCommand(after);
    if (wanted) io.stdout.write(`${commandHelp(wanted.command, width)}\n`);
    else if (groupCommands(after.join(' ')).length > 0) io.stdout.write(`${groupHelp(after.join(' '), width)}\n`);
    else {
      io.stderr.write(`paperboy help: unknown command '${after.join(' ')}'\n\n${mainHelp(widthOf(io.stderr))}\n`);
      return 2;
    }
    return 0;
  }
  const found = findCommand(argv);
  if (!found) {
    if (groupCommands(first).length > 0) {
      io.stderr.write(`${groupHelp(first, widthOf(io.stderr))}\n`);
      return after.some(isHelpFlag) ? 0 : 2;
    }
    io.stderr.write(`paperboy: unknown command '${argv.join(' ')}'\n\n${mainHelp(widthOf(io.stderr))}\n`);
    return 2;
  }
  // Before parsing: the command's own parser would call --help an unknown option.
  if (found.rest.some(isHelpFlag)) {
    io.stdout.write(`${commandHelp(found.command, width)}\n`);
    return 0;
  }
  try {
    return await found.command.run(found.rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`paperboy ${found.command.name}: ${error.message}\nusage: paperboy ${found.command.usage}\n`);
      return 2;
    }
    if (error instanceof ConfigError) {
      io.stderr.write(`${error.message}\n`);
      return 2;
    }
    io.stderr.write(`paperboy ${found.command.name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
