import { readFileSync } from 'node:fs';
import type { CliCommand } from './command.js';
import { CLI_COMMANDS } from './commands.js';

/** The width help is wrapped to when stdout is not a terminal. */
export const PIPED_WIDTH = 80;

export const EXIT_CODES = 'exit codes: 0 success, 1 no result (nothing matched), 2 usage or configuration error';

/** The terminal's width, or {@link PIPED_WIDTH} when the stream is not a terminal. */
export function widthOf(stream: { isTTY?: boolean; columns?: number }): number {
  return stream.isTTY && stream.columns !== undefined && stream.columns > 20 ? stream.columns : PIPED_WIDTH;
}

/**
 * `text` wrapped at spaces to lines of at most `width` characters, each starting with `indent` (a word longer
 * than a line stands alone).
 * @example wrap('a b c', 3, '') // 'a b\nc'
 */
export function wrap(text: string, width: number, indent = ''): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(indent + line);
  return lines.join('\n');
}

/** The version in package.json, two folders above this file in both src/ and dist/. */
export function packageVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

function listing(commands: readonly CliCommand[], width: number): string[] {
  return commands.flatMap((c) => [wrap(`paperboy ${c.usage}`, width, '  '), wrap(c.summary, width, '      ')]);
}

/** `paperboy help`: every command, the exit codes, and how to run the bot. */
export function mainHelp(width: number): string {
  return [
    wrap('paperboy: questions and daily digests over a corpus of research papers', width),
    '',
    'usage: paperboy COMMAND [options]',
    '       paperboy help [COMMAND]',
    '       paperboy --version',
    '',
    ...listing(CLI_COMMANDS, width),
    '',
    wrap(`${EXIT_CODES}.`, width),
    wrap('With no command, `npm start` runs the bot (DISCORD_TOKEN set) or the terminal chat.', width),
  ].join('\n');
}

/** `paperboy help COMMAND` and `paperboy COMMAND --help`. */
export function commandHelp(command: CliCommand, width: number): string {
  return [
    wrap(`usage: paperboy ${command.usage}`, width),
    '',
    wrap(command.summary, width, '  '),
    '',
    wrap(`${EXIT_CODES}.`, width),
  ].join('\n');
}

/** The commands `paperboy GROUP …` names (`corpus` → `corpus check`), for a group typed alone. */
export function groupCommands(group: string): CliCommand[] {
  return CLI_COMMANDS.filter((c) => c.name.includes(' ') && c.name.split(' ')[0] === group);
}

/** `paperboy corpus`: the group's subcommands. */
export function groupHelp(group: string, width: number): string {
  return [`paperboy ${group}: expected a subcommand:`, ...listing(groupCommands(group), width)].join('\n');
}
