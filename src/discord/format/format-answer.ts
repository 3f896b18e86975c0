// An answer from the core, as a Discord message: the sentence that answers best, one embed per paper
// with its passages (query terms in bold), why it matched, and its links. Budgets are computed so the
// whole message fits in 6000 characters without the final guard having to cut anything.
import type { APIEmbed } from 'discord.js';
import type { AnswerPassage, FoundAnswer, NoMatch, PaperAnswer } from '../../core/answer/answer.js';
import { passageLink } from '../../core/paper/paper-links.js';
import { toBibtex } from '../../core/paper/cite.js';
import type { Paper } from '../../core/paper/paper.js';
import type { Highlight } from '../../core/answer/highlight.js';
import { missingNote } from '../../core/answer/question-words.js';
import { embedLength } from './format-message.js';
import { byline, linksLine, PAPERBOY_COLOR, primaryUrl } from './format-paper-parts.js';
import { escapeText, escapeTitle, fitPassage, fitPieces, maskedLink, plainText } from './format-text.js';
import { EMBED_DESCRIPTION_MAX, EMBED_FIELD_VALUE_MAX, EMBED_TITLE_MAX, EMBEDS_TOTAL_MAX } from '../limits.js';

/** Where the question lives in a message, so a button can find it again after a restart. */
const QUESTION_PREFIX = 'Asked: ';
const ZWSP = /\u200b/g;
/** Room kept free under the 6000 total for rounding and the guard's markers. */
const SLACK = 64;
const BEST_SENTENCE_MAX = 700;

export interface AnswerPage {
  content: string;
  embeds: APIEmbed[];
}

/** `Asked: what is DropPos?\nPapers 1–3 of 12` — plain text; the question is recovered from it. */
export function questionFooter(question: string, detail: string): string {
  return `${QUESTION_PREFIX}${plainText(question)}\n${detail}`;
}

/** The question a message was answering, from its footer; undefined when none is there. */
export function questionFromFooters(footers: readonly (string | undefined)[]): string | undefined {
  for (const text of footers) {
    const match = text?.match(/^Asked: ([^\n]*)\n/);
    if (match) return match[1]!.replace(ZWSP, '');
  }
  return undefined;
}

function whyMatched(answer: PaperAnswer): string {
  const parts = answer.matched.map((m) => {
    const where = m.fields.length > 0 ? ` (${m.fields.join(', ')})` : '';
    return m.corrected ? `${escapeText(m.term)} for “${escapeText(m.word)}”${where}` : `${escapeText(m.word)}${where}`;
  });
  const missing = answer.missing.length > 0 ? [`not found: ${answer.missing.map(escapeText).join(', ')}`] : [];
  return fitPieces([...parts, ...missing], EMBED_FIELD_VALUE_MAX, ' · ') || '—';
}

function pageNote(paper: PaperAnswer['paper'], passage: AnswerPassage): string {
  if (passage.page === null) return '';
  return ` — ${maskedLink(`p. ${passage.page}`, passageLink(paper, passage.page))}`;
}

function renderPassage(paper: PaperAnswer['paper'], passage: AnswerPassage, max: number): string {
  const note = pageNote(paper, passage);
  return fitPassage(passage.text, Math.max(0, max - note.length), { highlights: passage.highlights }) + note;
}

function paperEmbed(answer: PaperAnswer, rank: number, descriptionMax: number, question: string): APIEmbed {
  const url = primaryUrl(answer.paper);
  const perPassage = Math.floor((descriptionMax - 2 * (answer.passages.length - 1)) / answer.passages.length);
  const author = byline(answer.paper);
  const note = missingNote(question, answer.paper, answer.missing);
  return {
    color: PAPERBOY_COLOR,
    title: escapeTitle(`${rank} · ${answer.paper.title}`, EMBED_TITLE_MAX),
    ...(url ? { url } : {}),
    ...(author ? { author: { name: author } } : {}),
    description: answer.passages.map((p) => renderPassage(answer.paper, p, perPassage)).join('\n\n'),
    fields: [
      ...(note === undefined
        ? []
        : [{ name: 'Not in this paper', value: fitPieces([escapeText(note)], EMBED_FIELD_VALUE_MAX, ' ') }]),
      { name: 'Why it matched', value: whyMatched(answer), inline: true },
      { name: 'Links', value: linksLine(answer.links, EMBED_FIELD_VALUE_MAX) || '—', inline: true },
    ],
  };
}

/** `Papers 4–6 of 12` */
export function rangeLabel(offset: number, shown: number, total: number): string {
  return shown === 1 && total === 1 ? '1 paper' : `Papers ${offset + 1}–${offset + shown} of ${total}`;
}

/**
 * One page of an answer: on the first page the best sentence leads as the message text; one embed per
 * paper; the question and the range in the last footer.
 */
export function formatAnswer(answer: FoundAnswer): AnswerPage {
  const top = answer.papers[0];
  let content = '';
  if (top && answer.offset === 0) {
    const source = primaryUrl(top.paper);
    const from = source
      ? maskedLink(top.paper.title, source, 80, { preview: false })
      : escapeTitle(top.paper.title, 80);
    const sentence = fitPassage(top.sentence.text, BEST_SENTENCE_MAX, { highlights: top.sentence.highlights });
    content = `**Best answer** — ${from}\n> ${sentence}`;
  }
  const footer = {
    text: questionFooter(
      answer.question,
      rangeLabel(answer.offset, answer.papers.length, answer.total) +
        (answer.filters ? ` · filtered: ${plainText(answer.filters.description)}` : ''),
    ),
  };
  // Measure everything but the descriptions, then share what is left between them.
  const skeletons = answer.papers.map((p, i) => paperEmbed(p, answer.offset + i + 1, 0, answer.question));
  const fixed = skeletons.reduce((sum, e) => sum + embedLength(e), 0) + footer.text.length;
  const share = Math.floor((EMBEDS_TOTAL_MAX - SLACK - fixed) / Math.max(1, answer.papers.length));
  const descriptionMax = Math.max(0, Math.min(EMBED_DESCRIPTION_MAX, share));
  const embeds = answer.papers.map((p, i) => paperEmbed(p, answer.offset + i + 1, descriptionMax, answer.question));
  const last = embeds.at(-1);
  if (last) last.footer = footer;
  return { content, embeds };
}

const NO_MATCH_REASONS: Record<NoMatch['reason'], string> = {
  'no-terms': 'That question has only very common words. Name the method, dataset or result you are after.',
  'no-match': 'No paper in the corpus uses those words.',
  'weak-match': 'Some papers share a word with the question, but none of them answers it.',
  'past-end': 'There are no more papers for this question.',
  'bad-filter': 'A filter in that question could not be read.',
  filtered: 'No paper passes those filters.',
};

/** `no paper in 2030` → `No paper in 2030.`; a question mark stays as it is. */
const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1) + (/[.?!]$/.test(text) ? '' : '.');

/** Nothing fits: say why plainly and offer what to try instead. Never an empty reply. */
export function formatNoMatch(answer: NoMatch): AnswerPage {
  const lines = [NO_MATCH_REASONS[answer.reason]];
  for (const problem of answer.filters?.problems ?? []) lines.push(`• ${escapeText(problem)}`);
  if (answer.filters?.emptiedBy) lines.push(escapeText(sentence(answer.filters.emptiedBy)));
  if (answer.unknown.length > 0) lines.push(`No paper contains: ${answer.unknown.map(escapeText).join(', ')}`);
  const words = answer.suggestions.filter((s) => s.kind === 'term').map((s) => `**${escapeText(s.text)}**`);
  const titles = answer.suggestions.filter((s) => s.kind === 'title').map((s) => `• ${escapeText(s.text)}`);
  if (words.length > 0) lines.push(`Did you mean: ${words.join(', ')}`);
  if (titles.length > 0) lines.push(`Papers to try with \`/paper\`:\n${titles.join('\n')}`);
  return {
    content: '',
    embeds: [
      {
        color: PAPERBOY_COLOR,
        title: 'No paper answers that yet',
        description: fitPieces(lines, EMBED_DESCRIPTION_MAX, '\n\n'),
        footer: { text: `${QUESTION_PREFIX}${plainText(answer.question)}` },
      },
    ],
  };
}

/** A passage in full: the whole chunk text around it, question terms in bold. */
export interface FullPassage {
  paper: Paper;
  text: string;
  highlights: Highlight[];
  page: number | null;
  /** True when the text starts mid-paper. */
  continued: boolean;
}

/** "Show full passage": each paper's passage uncut (within limits), privately. */
export function formatFullPassages(passages: readonly FullPassage[], question: string): AnswerPage {
  const skeletons = passages.map((p) => escapeTitle(p.paper.title, EMBED_TITLE_MAX).length + 40);
  const fixed = skeletons.reduce((a, b) => a + b, 0) + question.length + QUESTION_PREFIX.length;
  const share = Math.min(
    EMBED_DESCRIPTION_MAX,
    Math.floor((EMBEDS_TOTAL_MAX - SLACK - fixed) / Math.max(1, passages.length)),
  );
  const embeds: APIEmbed[] = passages.map((p) => {
    const url = p.page !== null ? passageLink(p.paper, p.page) : primaryUrl(p.paper);
    const title = escapeTitle(p.page !== null ? `${p.paper.title} (p. ${p.page})` : p.paper.title, EMBED_TITLE_MAX);
    return {
      color: PAPERBOY_COLOR,
      title,
      ...(url ? { url } : {}),
      description: fitPassage(p.text, Math.max(0, share), { highlights: p.highlights, continued: p.continued }),
    };
  });
  const last = embeds.at(-1);
  if (last) last.footer = { text: `${QUESTION_PREFIX}${plainText(question)}` };
  return { content: '', embeds };
}

/** Code blocks cannot be escaped from inside; a run of backticks is broken instead. */
function codeSafe(text: string): string {
  return text.replace(/`{3,}/g, (run) => run.split('').join('\u200b'));
}

/** "Cite": BibTeX for the papers on the page, in one code block, as many whole entries as fit. */
export function formatCitations(papers: readonly PaperAnswer['paper'][]): AnswerPage {
  const open = '```bibtex\n';
  const close = '\n```';
  const entries: string[] = [];
  let left = 0;
  for (const [i, paper] of papers.entries()) {
    const entry = codeSafe(toBibtex(paper));
    const body = [...entries, entry].join('\n\n');
    if (open.length + body.length + close.length > EMBED_DESCRIPTION_MAX - 40) {
      left = papers.length - i;
      break;
    }
    entries.push(entry);
  }
  const more = left > 0 ? `\n(${left} more did not fit; cite them one by one with \`/paper\`.)` : '';
  return {
    content: '',
    embeds: [
      {
        color: PAPERBOY_COLOR,
        title: papers.length === 1 ? 'BibTeX' : `BibTeX for ${entries.length} papers`,
        description: entries.length > 0 ? `${open}${entries.join('\n\n')}${close}${more}` : `Nothing to cite.${more}`,
      },
    ],
  };
}
