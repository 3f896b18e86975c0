import { createInterface, type Completer } from 'node:readline';
import { ask } from '../core/answer/answer.js';
import { lookup, suggest } from '../core/answer/lookup.js';
import { EMPTY_CORPUS_HINT } from '../core/paper/format-corpus-problem.js';
import type { SearchIndex } from '../core/search/search-index.js';
import { formatAnswer, formatLookup, styleFor, type TerminalStyle } from './format-answer.js';

export interface ChatIo {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** NO_COLOR, OSC 8 support and `--plain`, as read by the composition root; default: none of them. */
  terminal?: { noColor: boolean; hyperlinks: boolean; plain?: boolean };
}

const HELP = [
  'Type a question and press Enter. Commands:',
  '  /paper QUERY   find papers by title words, author, venue or id (Tab completes titles)',
  '  /more          the next papers for the last question',
  '  /help          this help',
  '  /quit          leave (Ctrl-D works too)',
].join('\n');

/** Papers per answer in the chat. */
const PAGE = 3;

/**
 * What one line of chat input produces: the text to print, or `quit`. Kept apart from the I/O so the
 * chat's behaviour is one function of (index, line, last question).
 */
export function respond(
  index: SearchIndex,
  line: string,
  style: TerminalStyle,
  state: { lastQuestion?: string; offset: number },
): { kind: 'reply'; text: string } | { kind: 'quit' } | { kind: 'nothing' } {
  const text = line.trim();
  if (text === '') return { kind: 'nothing' };
  const [command, ...rest] = text.split(/\s+/);
  // Checked each time: a watched corpus folder may have been empty at start-up and filled since.
  const empty = `The corpus has no papers yet: ${EMPTY_CORPUS_HINT}.`;
  const argument = rest.join(' ');
  switch (command?.toLowerCase()) {
    case '/quit':
    case '/exit':
      return { kind: 'quit' };
    case '/help':
      return { kind: 'reply', text: HELP };
    case '/paper':
      if (argument === '') return { kind: 'reply', text: 'usage: /paper QUERY (title words, author, venue or id)' };
      if (index.paperCount === 0) return { kind: 'reply', text: empty };
      return { kind: 'reply', text: formatLookup(lookup(index, argument), style) };
    case '/more': {
      if (state.lastQuestion === undefined) return { kind: 'reply', text: 'Ask a question first.' };
      state.offset += PAGE;
      return {
        kind: 'reply',
        text: formatAnswer(ask(index, state.lastQuestion, { limit: PAGE, offset: state.offset }), style),
      };
    }
    default:
      if (text.startsWith('/')) return { kind: 'reply', text: `Unknown command ${command}. ${HELP}` };
      if (index.paperCount === 0) return { kind: 'reply', text: empty };
      state.lastQuestion = text;
      state.offset = 0;
      return { kind: 'reply', text: formatAnswer(ask(index, text, { limit: PAGE }), style) };
  }
}

/** Tab completion of `/paper TITLE…` from the title suggestions. */
function completer(index: SearchIndex): Completer {
  return (line: string) => {
    const match = /^\/paper\s+(.*)$/i.exec(line);
    if (!match) return [['/paper ', '/more', '/help', '/quit'].filter((c) => c.startsWith(line)), line];
    return [suggest(index, match[1]!).map((s) => `/paper ${s.title}`), line];
  };
}

/**
 * The terminal chat: a prompt on a TTY; with piped input, one answer per input line, ending at EOF.
 * Resolves when the user quits or the input ends.
 */
export async function runChat(index: SearchIndex, io: ChatIo): Promise<void> {
  const interactive = io.input.isTTY === true && io.output.isTTY === true;
  const lines = createInterface({
    input: io.input,
    output: interactive ? io.output : undefined,
    terminal: interactive,
    ...(interactive ? { completer: completer(index) } : {}),
  });
  const state: { lastQuestion?: string; offset: number } = { offset: 0 };
  if (interactive) {
    io.output.write(`Paperboy: ${index.paperCount.toLocaleString('en-US')} papers. /help for commands.\n`);
    lines.setPrompt('paperboy> ');
    lines.prompt();
  }
  try {
    for await (const line of lines) {
      // Styled per answer: the terminal may have been resized since.
      const result = respond(index, line, styleFor(io.output, io.terminal), state);
      if (result.kind === 'quit') break;
      if (result.kind === 'reply') io.output.write(`${result.text}\n\n`);
      if (interactive) lines.prompt();
    }
  } finally {
    lines.close();
  }
}
