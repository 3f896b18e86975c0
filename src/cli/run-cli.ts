import { CLI_COMMANDS } from './commands.js';
import { UsageError, type CliCommand, type CliIo } from './command.js';

function help(): string {
  const width = Math.max(...CLI_COMMANDS.map((c) => c.usage.length), 10);
  return [
    'paperboy: questions and daily digests over a corpus of research papers',
    '',
    'usage: paperboy <command> [options]',
    '',
    ...CLI_COMMANDS.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`),
    '',
    'With no command, `npm start` runs the bot (DISCORD_TOKEN set) or the terminal chat.',
  ].join('\n');
}

/** Picks the longest command name that prefixes argv (`corpus check` before `corpus`). */
function findCommand(argv: string[]): { command: CliCommand; rest: string[] } | undefined {
  const sorted = [...CLI_COMMANDS].sort((a, b) => b.name.split(' ').length - a.name.split(' ').length);
  for (const command of sorted) {
    const words = command.name.split(' ');
    if (words.every((w, i) => argv[i] === w)) return { command, rest: argv.slice(words.length) };
  }
  return undefined;
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.stdout.write(help() + '\n');
    return argv.length === 0 ? 2 : 0;
  }
  const found = findCommand(argv);
  if (!found) {
    io.stderr.write(`paperboy: unknown command '${argv.join(' ')}'\n\n${help()}\n`);
    return 2;
  }
  try {
    return await found.command.run(found.rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`paperboy ${found.command.name}: ${error.message}\nusage: paperboy ${found.command.usage}\n`);
      return 2;
    }
    io.stderr.write(`paperboy ${found.command.name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
