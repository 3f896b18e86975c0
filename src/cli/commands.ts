import type { CliCommand } from './command.js';
import { benchCommand } from './bench.js';
import { corpusCheckCommand } from './corpus-check.js';
import { deployCommandsCommand } from './deploy-commands.js';
import { askCommand } from './ask.js';
import { chatCommand } from './chat.js';
import { paperCommand } from './paper.js';
import { indexCommand } from './index-command.js';
import { evalCommand } from './eval.js';
import { digestPreviewCommand } from './digest-preview.js';

/** Every `paperboy` subcommand, in the order `paperboy --help` lists them. */
export const CLI_COMMANDS: CliCommand[] = [
  corpusCheckCommand,
  digestPreviewCommand,
  benchCommand,
  askCommand,
  chatCommand,
  paperCommand,
  indexCommand,
  evalCommand,
  deployCommandsCommand,
];
