import type { Command } from '../command.js';
import { aboutCommand } from './about.js';
import { askCommand } from './ask.js';
import { digestCommand } from './digest.js';
import { findPapersCommand } from './find-papers.js';
import { forgetCommand } from './forget.js';
import { paperCommand } from './paper.js';
import { topCommand } from './top.js';
import { alertCommand } from './alert.js';

/** THE command list: the router answers these and `paperboy deploy-commands` registers exactly these. */
export const COMMANDS: readonly Command[] = [
  askCommand,
  paperCommand,
  aboutCommand,
  findPapersCommand,
  digestCommand,
  topCommand,
  forgetCommand,
  alertCommand,
];
