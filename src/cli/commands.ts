import type { CliCommand } from './command.js';
import { benchCommand } from './bench.js';
import { corpusCheckCommand } from './corpus-check.js';
import { askCommand } from './ask.js';
import { paperCommand } from './paper.js';
import { indexCommand } from './index-command.js';
import { evalCommand } from './eval.js';

/** Every `paperboy` subcommand, in the order `paperboy --help` lists them. */
export const CLI_COMMANDS: CliCommand[] = [
  corpusCheckCommand,
  benchCommand,
  askCommand,
  paperCommand,
  indexCommand,
  evalCommand,
];
