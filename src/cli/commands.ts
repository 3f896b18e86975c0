import type { CliCommand } from './command.js';

/** Every `paperboy` subcommand, in the order `paperboy --help` lists them. */
export const CLI_COMMANDS: CliCommand[] = [];
