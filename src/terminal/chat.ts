import { clearScreenDown, createInterface, cursorTo, moveCursor, type Completer, type Interface } from 'node:readline';
import { ask } from '../core/answer/answer.js';
import { converse } from '../core/answer/conversation.js';
import { describeReading } from '../core/answer/follow-up.js';
import { lookup, suggest } from '../core/answer/lookup.js';
import { summarizeReload, type CorpusReload } from '../core/paper/corpus-reload.js';
import { EMPTY_CORPUS_HINT, nameCorpusProblems } from '../core/paper/format-corpus-problem.js';
import type { SearchIndex } from '../core/search/search-index.js';
import { ChatConversation } from '../store/conversation-turn.js';
import { formatAnswer, formatLookup, styleFor, type TerminalStyle } from './format-answer.js';

export interface ChatIo {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** NO_COLOR, OSC 8 support and `--plain`, as read by the composition root; default: none of them. */
  terminal?: { noColor: boolean; hyperlinks: boolean; plain?: boolean };
  /** Where notices go when the input is piped (so stdout holds only answers); default: `output`. */
  errors?: NodeJS.WritableStream;
  /**
   * Given, once the chat runs, the function that shows a notice (a live reload) on its own line, the
   * prompt and what was typed redrawn below it; the chat ignores it once it has ended.
   */
  attachNotices?: (show: (notice: string) => void) => void;
  /** The conversation, kept in the store under `terminal:<session>` when there is one; default: in memory. */
  conversation?: ChatConversation;
}

/**
 * The chat's line for a live reload: what changed and, when it met problems, which (the first few).
 * @example reloadNotice(reload) // 'paperboy: corpus reloaded: 1 paper added in 1 file; 1 problem (corpus: a.jsonl:2: …)'
 */
export function reloadNotice(reload: CorpusReload): string {
  const problems = reload.problems.length > 0 ? ` (${nameCorpusProblems(reload.problems)})` : '';
  return `paperboy: corpus reloaded: ${summarizeReload(reload)}${problems}`;
}

const HELP = [
  'Type a question and press Enter. Commands:',
  '  /paper QUERY   find papers by title words, author, venue or id (Tab completes a title, twice lists them)',
  '  /more          the next papers for the last question',
  '  /new           start a new conversation (or begin a question with new:)',
  '  /help          this help',
  '  /quit          leave (Ctrl-D, or Ctrl-C on an empty line; Ctrl-C clears a half-typed one)',
].join('\n');

/** Papers per answer in the chat. */
const PAGE = 3;

/**
 * What the chat remembers between lines: the last question of its own (for `/more`) and the conversation
 * that follow-ups (`what mask ratio does it use?`) are read against.
 */
export interface ChatState {
  lastQuestion?: string;
  offset: number;
  conversation?: ChatConversation;
}

/**
 * What one line of chat input produces: the text to print, or `quit`. Kept apart from the I/O so the
 * chat's behaviour is one function of (index, line, last question).
 */
export async function respond(
  index: SearchIndex,
  line: string,
  style: TerminalStyle,
  state: ChatState,
): Promise<{ kind: 'reply'; text: string } | { kind: 'quit' } | { kind: 'nothing' }> {
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
    case '/new':
      await (state.conversation ??= new ChatConversation()).reset();
      return { kind: 'reply', text: 'New conversation: the next question starts afresh.' };
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
      return { kind: 'reply', text: await converseLine(index, text, style, state) };
  }
}

/** A question in the conversation: how it was read (when it was read against the turns before), then the answer. */
async function converseLine(index: SearchIndex, text: string, style: TerminalStyle, state: ChatState): Promise<string> {
  state.conversation ??= new ChatConversation();
  const reply = await state.conversation.turn((conversation) => converse(index, conversation, text, { limit: PAGE }));
  // `/more` pages a question of its own; a follow-up's answer is all of its papers.
  if (reply.reading.kind === 'new') {
    state.lastQuestion = reply.reading.question;
    state.offset = 0;
  }
  const reading = describeReading(index, reply.reading);
  const lines = reply.dropped.map((id) => `(${id} has left the corpus: the conversation goes on without it)`);
  if (reading !== undefined) lines.push(`(${reading}; new: to start afresh)`);
  return [...lines, formatAnswer(reply.answer, style)].join('\n');
}

/**
 * Tab completion of `/paper TITLE`: the whole titles the words typed so far begin (a title's word may
 * match, not only its start), completing the words after `/paper `. One title is inserted; several are
 * listed on the second Tab, as shells do (readline shows the hits when they share no longer prefix).
 */
function completer(index: SearchIndex): Completer {
  return (line: string) => {
    const match = /^(\/paper\s+)(.*)$/i.exec(line);
    if (!match) return [['/paper ', '/more', '/new', '/help', '/quit'].filter((c) => c.startsWith(line)), line];
    const typed = match[2]!;
    // Suggestions are cut to fit Discord's choices; the chat inserts the title itself.
    const titles = suggest(index, typed).map((s) => index.paperById(s.paperId)?.title ?? s.title);
    return [[...new Set(titles)], typed];
  };
}

/** Writes `notice` on its own line above the prompt, then redraws the prompt and the line being typed. */
function showAbove(lines: Interface, output: NodeJS.WritableStream, notice: string): void {
  // From the cursor back to where the prompt starts (the line typed may wrap), cleared.
  cursorTo(output, 0);
  moveCursor(output, 0, -lines.getCursorPos().rows);
  clearScreenDown(output);
  output.write(`${notice}\n`);
  lines.prompt(true);
}

/**
 * The terminal chat: a prompt on a TTY; with piped input, one answer per input line, ending at EOF.
 * Resolves when the user quits or the input ends.
 */
export async function runChat(index: SearchIndex, io: ChatIo): Promise<void> {
  const interactive = io.input.isTTY === true && io.output.isTTY === true;
  const conversation = io.conversation ?? new ChatConversation();
  // Read before the prompt exists: readline takes keys from the moment it is created.
  const turns = interactive ? await conversation.turns() : 0;
  const lines = createInterface({
    input: io.input,
    output: interactive ? io.output : undefined,
    terminal: interactive,
    ...(interactive ? { completer: completer(index) } : {}),
  });
  const state: ChatState = { offset: 0, conversation };
  let ended = false;
  io.attachNotices?.((notice) => {
    if (ended) return;
    if (interactive) showAbove(lines, io.output, notice);
    else (io.errors ?? io.output).write(`${notice}\n`);
  });
  if (interactive) {
    io.output.write(`Paperboy: ${index.paperCount.toLocaleString('en-US')} papers. /help for commands.\n`);
    if (turns > 0)
      io.output.write(
        `(continuing your conversation of ${turns} question${turns === 1 ? '' : 's'}; /new starts afresh)\n`,
      );
    lines.setPrompt('paperboy> ');
    lines.prompt();
    // Ctrl-C clears a half-typed line; on an empty one it quits (as does Ctrl-D).
    lines.on('SIGINT', () => {
      if (lines.line === '') {
        io.output.write('\n');
        lines.close();
        return;
      }
      lines.write(null, { ctrl: true, name: 'e' });
      io.output.write('^C\n');
      lines.write(null, { ctrl: true, name: 'u' });
    });
  }
  try {
    for await (const line of lines) {
      // Styled per answer: the terminal may have been resized since.
      const result = await respond(index, line, styleFor(io.output, io.terminal), state);
      if (result.kind === 'quit') break;
      if (result.kind === 'reply') io.output.write(`${result.text}\n\n`);
      if (interactive) lines.prompt();
    }
  } finally {
    ended = true;
    lines.close();
  }
}
