import type { CliCommand } from './command.js';
import { corpusCheckCommand } from './corpus-check.js';
import { digestPreviewCommand } from './digest-preview.js';

/** Every `paperboy` subcommand, in the order `paperboy --help` lists them. */
export const CLI_COMMANDS: CliCommand[] = [corpusCheckCommand, digestPreviewCommand];
