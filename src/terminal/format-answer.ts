// Answers and lookups as terminal text. On a TTY: query terms in bold, the answering sentence bright and
// the rest of its passage dim, passages wrapped to the width, links clickable (OSC 8) where the terminal is known
// to render them. Piped, or NO_COLOR, or --plain: plain text with full URLs, nothing else.
import type { Answer, AnswerPassage, NoMatch, PaperAnswer } from '../core/answer/answer.js';
import type { Highlight } from '../core/answer/highlight.js';
import { missingNote } from '../core/answer/question-words.js';
import type { LookupHit, LookupResult, TitleSuggestion } from '../core/answer/lookup.js';
import type { PaperLink } from '../core/paper/paper.js';
import { venueAndYear, type PaperSummary } from '../core/paper/paper-summary.js';
import { wrapStyled } from './wrap-styled.js';

export interface TerminalStyle {
  /** ANSI styles (bold, dim, colour). */
  color: boolean;
  /** OSC 8 hyperlinks: the label is clickable and the URL is not printed. */
  links: boolean;
  /** The terminal's width, to wrap passages to; undefined: no wrapping (piped). */
  width?: number;
}

export const PLAIN: TerminalStyle = { color: false, links: false };
export const RICH: TerminalStyle = { color: true, links: true };

/**
 * Style for a stream: colour on a TTY unless NO_COLOR or `--plain`; OSC 8 links only where the terminal is
 * known to render them (else the URL is printed); passages wrapped to a TTY's width. Piped: plain text.
 */
export function styleFor(
  stream: { isTTY?: boolean; columns?: number },
  terminal: { noColor: boolean; hyperlinks: boolean; plain?: boolean } = { noColor: false, hyperlinks: false },
): TerminalStyle {
  if (!stream.isTTY) return PLAIN;
  const color = !terminal.noColor && terminal.plain !== true;
  const style: TerminalStyle = { color, links: color && terminal.hyperlinks };
  return stream.columns !== undefined && stream.columns > 20 ? { ...style, width: stream.columns } : style;
}

const ESC = '\u001b';
const ansi = (code: string) => `${ESC}[${code}m`;
// Corpus text can hold control characters (a PDF's junk, or worse, escape sequences): never pass them through.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

function clean(text: string): string {
  return text.replace(CONTROL, ' ');
}

function bold(style: TerminalStyle, text: string): string {
  return style.color ? `${ansi('1')}${text}${ansi('22')}` : text;
}

function dim(style: TerminalStyle, text: string): string {
  return style.color ? `${ansi('2')}${text}${ansi('22')}` : text;
}

function cyan(style: TerminalStyle, text: string): string {
  return style.color ? `${ansi('36')}${text}${ansi('39')}` : text;
}

/**
 * `text` with its highlighted spans in bold (plain text is returned as is). Within dim text, pass
 * `dimmed` so the dimming resumes after each bold word (both end with the same SGR code).
 */
export function markHighlights(
  style: TerminalStyle,
  text: string,
  highlights: readonly Highlight[],
  dimmed = false,
): string {
  if (!style.color || highlights.length === 0) return clean(text);
  let out = '';
  let at = 0;
  for (const { start, end } of highlights) {
    if (start < at) continue;
    out += clean(text.slice(at, start)) + bold(style, clean(text.slice(start, end))) + (dimmed ? ansi('2') : '');
    at = end;
  }
  return out + clean(text.slice(at));
}

/** A clickable label on a TTY (OSC 8), `label: url` otherwise. */
export function link(style: TerminalStyle, label: string, url: string): string {
  const safeUrl = clean(url).replace(/\s/g, '%20');
  if (!style.links) return `${label}: ${safeUrl}`;
  return `${ESC}]8;;${safeUrl}${ESC}\\${cyan(style, label)}${ESC}]8;;${ESC}\\`;
}

function linksLine(style: TerminalStyle, links: readonly PaperLink[]): string {
  return links.map((l) => link(style, l.label, l.url)).join(style.links ? '  ' : ' | ');
}

function byline(paper: PaperSummary): string {
  const authors =
    paper.authors.length > 3 ? `${paper.authors.slice(0, 3).join(', ')} et al.` : paper.authors.join(', ');
  return clean([authors, venueAndYear(paper)].filter((x) => x !== '').join(' · '));
}

/** Shifts highlights of `passage` that fall inside [from, to) of its text to offsets within that slice. */
function within(highlights: readonly Highlight[], from: number, to: number): Highlight[] {
  return highlights
    .filter((h) => h.start >= from && h.end <= to)
    .map((h) => ({ start: h.start - from, end: h.end - from }));
}

/** The passage with the answering sentence bright and the rest dim (when the sentence lies inside it). */
function passageText(style: TerminalStyle, passage: AnswerPassage, sentence: AnswerPassage | undefined): string {
  const at = sentence && !sentence.clipped ? passage.text.indexOf(sentence.text) : -1;
  if (!style.color || at < 0 || !sentence) return markHighlights(style, passage.text, passage.highlights);
  const end = at + sentence.text.length;
  return (
    dim(style, markHighlights(style, passage.text.slice(0, at), within(passage.highlights, 0, at), true)) +
    markHighlights(style, passage.text.slice(at, end), within(passage.highlights, at, end)) +
    dim(
      style,
      markHighlights(style, passage.text.slice(end), within(passage.highlights, end, passage.text.length), true),
    )
  );
}

function whyLine(answer: PaperAnswer): string {
  const parts = answer.matched.map((m) => {
    const where = m.fields.length > 0 ? ` (${m.fields.join('+')})` : '';
    return m.corrected ? `${m.term} for "${m.word}"${where}` : `${m.word}${where}`;
  });
  const words = [...new Set(parts)];
  if (answer.titleMatch) words.unshift('title matches the question');
  const missing = answer.missing.length > 0 ? `not found: ${answer.missing.join(', ')}` : '';
  return clean([words.join(', '), missing].filter((part) => part !== '').join(' · '));
}

function formatPaper(style: TerminalStyle, answer: PaperAnswer, rank: number, question: string): string {
  const page = (p: AnswerPassage) => (p.page === null ? '' : dim(style, ` (p. ${p.page})`));
  // Every line but the links is wrapped to a terminal's width (a URL cut in two no longer works).
  const fit = (text: string, first: string, rest = ' '.repeat(first.length)) =>
    style.width === undefined ? `${first}${text}` : wrapStyled(text, style.width, first, rest);
  const lines = [
    fit(markHighlights(style, answer.paper.title, answer.title.highlights), `${bold(style, `${rank}.`)} `, '   '),
  ];
  const by = byline(answer.paper);
  if (by !== '') lines.push(fit(dim(style, by), '   ')); // a paper with no authors or venue gets no empty line
  // A paper a follow-up was scoped to may hold none of its words: then only the note says so.
  const quoted = answer.sentence.text !== '';
  if (!style.color && quoted) lines.push(fit(clean(answer.sentence.text), '   answer: '));
  answer.passages.forEach((passage, i) => {
    if (!quoted) return;
    const text = `${passageText(style, passage, i === 0 ? answer.sentence : undefined)}${page(passage)}`;
    lines.push(style.color ? fit(text, '   │ ', '   │ ') : fit(text, '   passage: '));
  });
  const note = missingNote(question, answer.paper, answer.missing);
  if (note !== undefined) lines.push(fit(clean(note), `   ${bold(style, 'note:')} `, '   '));
  lines.push(fit(dim(style, `why: ${whyLine(answer)} · score ${answer.score.toFixed(2)}`), '   '));
  lines.push(`   ${linksLine(style, answer.links)}`);
  return lines.join('\n');
}

function formatNoMatch(style: TerminalStyle, answer: NoMatch): string {
  const reasons: Record<NoMatch['reason'], string> = {
    'no-terms': 'That question has no words the papers could match.',
    'no-match': 'No paper mentions any of those words.',
    'weak-match': 'No paper matches enough of that question to answer it.',
    'past-end': 'There are no more papers for that question.',
    'bad-filter': 'A filter in that question could not be read:',
    filtered: 'No paper passes those filters:',
  };
  const lines = [reasons[answer.reason]];
  for (const problem of answer.filters?.problems ?? []) lines.push(`  - ${clean(problem)}`);
  if (answer.filters?.emptiedBy) lines.push(clean(answer.filters.emptiedBy));
  if (answer.unknown.length > 0) lines.push(`No paper contains: ${clean(answer.unknown.join(', '))}`);
  const terms = answer.suggestions.filter((s) => s.kind === 'term').map((s) => clean(s.text));
  const titles = answer.suggestions.filter((s) => s.kind === 'title');
  if (terms.length > 0) lines.push(`Did you mean: ${terms.map((t) => bold(style, t)).join(', ')}`);
  if (titles.length > 0) {
    lines.push('Papers you could ask about:');
    for (const t of titles) lines.push(`  - ${clean(t.text)}`);
  }
  return lines.join('\n');
}

/**
 * An answer as terminal text: each paper with its passages, why it matched and its links; or why
 * nothing matched and what to try.
 */
export function formatAnswer(answer: Answer, style: TerminalStyle): string {
  if (answer.kind === 'no-match') return formatNoMatch(style, answer);
  const shown = answer.papers.length;
  const more = answer.total > answer.offset + shown ? ` (${answer.total - answer.offset - shown} more match)` : '';
  const filtered = answer.filters ? ` · filtered: ${answer.filters.description}` : '';
  const header = dim(
    style,
    clean(`Papers ${answer.offset + 1}–${answer.offset + shown} of ${answer.total}${more}${filtered}`),
  );
  return [header, ...answer.papers.map((p, i) => formatPaper(style, p, answer.offset + i + 1, answer.question))].join(
    '\n\n',
  );
}

function formatHit(style: TerminalStyle, hit: LookupHit, rank: number): string {
  return [
    `${bold(style, `${rank}.`)} ${markHighlights(style, hit.title.text, hit.title.highlights)}`,
    `   ${dim(style, byline(hit.paper))}${dim(style, `  [${clean(hit.paper.id)}]`)}`,
    `   ${linksLine(style, hit.paper.links)}`,
  ].join('\n');
}

/** A lookup's papers, or what to try instead. */
export function formatLookup(result: LookupResult, style: TerminalStyle): string {
  if (result.kind === 'found') return result.papers.map((hit, i) => formatHit(style, hit, i + 1)).join('\n\n');
  const lines = [`No paper's title, author or venue matches "${clean(result.query)}".`];
  if (result.suggestions.length > 0) {
    lines.push('Close titles:');
    for (const s of result.suggestions) lines.push(`  - ${clean(s.text)}`);
  }
  return lines.join('\n');
}

/** Title suggestions, one a line. */
export function formatSuggestions(suggestions: readonly TitleSuggestion[]): string {
  return suggestions.map((s) => clean(s.title)).join('\n');
}
