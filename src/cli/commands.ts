import type { CliCommand } from './command.js';
import { benchCommand } from './bench.js';
import { corpusCheckCommand } from './corpus-check.js';
import { deployCommandsCommand } from './deploy-commands.js';

/** Every `paperboy` subcommand, in the order `paperboy --help` lists them. */
export const CLI_COMMANDS: CliCommand[] = [corpusCheckCommand, benchCommand, deployCommandsCommand];
