// The messages of an `/ask` conversation: a page of the answer with its buttons, the full passages,
// the citations, and the "expired" notice. Every one is recomputed from the question and the page
// offset, which is all the state a button carries.
import { ButtonStyle, ComponentType, type APIButtonComponentWithCustomId } from 'discord.js';
import { ANSWER_OPTIONS, type FoundAnswer } from '../../core/answer/answer.js';
import { chunkPaper } from '../../core/search/text/chunk.js';
import { highlight } from '../../core/answer/highlight.js';
import type { SearchService } from '../../core/answer/search-service.js';
import { encodeAskButton, questionHash, type AskAction } from './ask-state.js';
import { voteRows } from '../votes/vote-row.js';
import {
  formatAnswer,
  formatCitations,
  formatFullPassages,
  formatNoMatch,
  type FullPassage,
} from '../format/format-answer.js';
import { message, type ActionRow, type MessageBody } from '../format/format-message.js';

/** Papers per page: the core's default answer size. */
export const PAGE_SIZE = ANSWER_OPTIONS.limit;

export interface AnswerView {
  question: string;
  offset: number;
  /** Private answers offer "Share in channel"; shared (public) copies do not. */
  shareable: boolean;
  /** The private answer was already shared: its Share button shows that and is disabled. */
  shared?: boolean;
  /** Offer "Follow up" (a thread on a public copy); default true. Off for a thread's own starter. */
  followUp?: boolean;
}

function button(
  action: AskAction,
  offset: number,
  hash: string,
  label: string,
  options: { disabled?: boolean; style?: ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Success } = {},
): APIButtonComponentWithCustomId {
  return {
    type: ComponentType.Button,
    style: options.style ?? ButtonStyle.Secondary,
    custom_id: encodeAskButton({ action, offset, hash }),
    label,
    disabled: options.disabled ?? false,
  };
}

function answerButtons(answer: FoundAnswer, view: AnswerView): ActionRow[] {
  const hash = questionHash(answer.question);
  const { offset } = answer;
  const hasNext = offset + answer.papers.length < answer.total;
  const row: APIButtonComponentWithCustomId[] = [
    button('p', Math.max(0, offset - PAGE_SIZE), hash, '◀ Previous', { disabled: offset === 0 }),
    button('p', offset + PAGE_SIZE, hash, 'Next ▶', { disabled: !hasNext }),
    button('f', offset, hash, 'Show full passage'),
  ];
  if (view.shareable) {
    row.push(
      button('s', offset, hash, view.shared ? 'Shared ✓' : 'Share in channel', {
        disabled: view.shared ?? false,
        style: ButtonStyle.Primary,
      }),
    );
  }
  row.push(button('c', offset, hash, 'Cite'));
  const rows: ActionRow[] = [{ type: ComponentType.ActionRow, components: row }];
  // A row of its own: the first is full (five buttons) on a private answer.
  if (view.followUp ?? true) {
    rows.push({
      type: ComponentType.ActionRow,
      components: [button('t', offset, hash, 'Follow up', { style: ButtonStyle.Success })],
    });
  }
  // A public answer lets the channel vote for its papers; a private one is nobody else's to vote on.
  if (!view.shareable)
    rows.push(
      ...voteRows(
        answer.papers.map((p) => p.paper.id),
        { firstNumber: offset + 1, maxRows: 2 },
      ),
    );
  return rows;
}

/**
 * One page of the answer to `view.question`, with its buttons; a no-match says why and offers what to
 * try (and has no buttons).
 * @example await answerMessage(search, { question: 'what is DropPos?', offset: 0, shareable: true })
 */
export async function answerMessage(search: SearchService, view: AnswerView): Promise<MessageBody> {
  const answer = await search.ask(view.question, { limit: PAGE_SIZE, offset: view.offset });
  if (answer.kind === 'no-match') return message(formatNoMatch(answer));
  return message({ ...formatAnswer(answer), components: answerButtons(answer, view) });
}

/** "Show full passage": the whole chunk around each paper's best passage on the page. */
export async function fullPassagesMessage(
  search: SearchService,
  question: string,
  offset: number,
): Promise<MessageBody> {
  const answer = await search.ask(question, { limit: PAGE_SIZE, offset });
  const { index } = search;
  if (answer.kind === 'no-match') return message(formatNoMatch(answer));
  const terms = new Set(index.readQuestion(question).terms.map((t) => t.term));
  const passages: FullPassage[] = [];
  for (const found of answer.papers) {
    const paper = index.paperById(found.paper.id);
    const best = found.passages[0];
    if (!paper || !best) continue;
    const chunk =
      chunkPaper(paper, index.options.chunk).find((c) => c.start <= best.start && best.start < c.end) ??
      ({ text: paper.text.slice(best.start, best.end), start: best.start, page: best.page } as const);
    passages.push({ paper, ...highlight(chunk.text, terms), page: chunk.page, continued: chunk.start > 0 });
  }
  return message(formatFullPassages(passages, question));
}

/** "Cite": BibTeX for the papers on the page. */
export async function citationsMessage(search: SearchService, question: string, offset: number): Promise<MessageBody> {
  const answer = await search.ask(question, { limit: PAGE_SIZE, offset });
  if (answer.kind === 'no-match') return message(formatNoMatch(answer));
  return message(formatCitations(answer.papers.map((p) => p.paper)));
}

/** What an old or unreadable button answers. */
export function expiredMessage(): MessageBody {
  return message({
    content:
      'This answer has expired (Paperboy was updated since, or the message lost its question). Ask again with `/ask`.',
  });
}
