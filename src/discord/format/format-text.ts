// Text from the corpus (and from users) on its way into a Discord message: escaped so it renders as
// written, neutralised so it can never ping, marked where the query matched, and cut to fit without
// breaking a word, an escape sequence or a link. Every length here is the length Discord counts
// (UTF-16 code units, like String#length).
import { splitSentences, type Span } from '../../core/search/text/chunk.js';

/** Appended (or prepended) where text was cut. */
export const CUT_MARKER = '…';
const ZWSP = '\u200b';

// A URL as Discord's autolinker sees it: no whitespace or angle brackets, not ending in punctuation.
const URL_PATTERN = /https?:\/\/[^\s<>]*[^\s<>.,:;"'!?)\]}*_~|`]/g;

/**
 * Breaks every construct that could ping or render as a mention: `@everyone`, `@here`, user, role,
 * channel and slash-command mentions, custom emoji and timestamps (`<@1>`, `<@&1>`, `<#1>`, `</a:1>`,
 * `<:e:1>`, `<t:1>`). A zero-width space keeps the text readable while Discord no longer parses it.
 */
export function neutralizeMentions(text: string): string {
  return text.replace(/@(everyone|here)/gi, `@${ZWSP}$1`).replace(/<(?=[@#/:!]|a:|t:|id:)/g, `<${ZWSP}`);
}

/** Backslash-escapes what Discord's markdown would interpret inside a line. */
function escapeInline(text: string): string {
  return text.replace(/[\\*_~`|[\]()]/g, '\\$&');
}

/** Escapes markers that only count at the start of a line: headings, quotes, lists, subtext. */
function escapeLineStarts(text: string): string {
  return text.replace(/(^|\n)([ \t]*)([#>+-]|\d+(?=\.\s))/g, (_m, lead: string, indent: string, marker: string) =>
    /^\d/.test(marker) ? `${lead}${indent}${marker}\\` : `${lead}${indent}\\${marker}`,
  );
}

/**
 * Renders untrusted text inert for a markdown-rendering field (content, description, field value,
 * title): markdown escaped, mentions neutralised, URLs kept whole as `<url>` (clickable, no preview).
 * @example escapeText('**hi** @everyone') // '\\*\\*hi\\*\\* @\u200beveryone'
 */
export function escapeText(text: string): string {
  return renderMarked(text, []);
}

/**
 * For plain-text fields that Discord never renders as markdown (footer, author name, button label,
 * autocomplete choice): only neutralises mentions, so no stray backslashes show.
 */
export function plainText(text: string): string {
  return neutralizeMentions(text);
}

/** Splits `text` into URL and non-URL segments. */
function segmentUrls(text: string): { start: number; end: number; url: boolean }[] {
  const out: { start: number; end: number; url: boolean }[] = [];
  let at = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    if (match.index > at) out.push({ start: at, end: match.index, url: false });
    out.push({ start: match.index, end: match.index + match[0].length, url: true });
    at = match.index + match[0].length;
  }
  if (at < text.length) out.push({ start: at, end: text.length, url: false });
  return out;
}

/** Sorted, merged, clipped copies of the spans. */
function normalizeSpans(spans: readonly Span[], length: number): Span[] {
  const sorted = spans
    .map((s) => ({ start: Math.max(0, s.start), end: Math.min(length, s.end) }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const span of sorted) {
    const last = merged.at(-1);
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

/**
 * Escapes `text` and marks the `highlights` (offsets into `text`) in bold. URLs are never marked or
 * escaped (that would break them); they are wrapped in `<…>` so Discord shows no preview.
 * Bold markers are only placed around non-blank text, because Discord ignores `** word**`.
 */
export function renderMarked(text: string, highlights: readonly Span[]): string {
  const marks = normalizeSpans(highlights, text.length);
  let out = '';
  for (const segment of segmentUrls(text)) {
    if (segment.url) {
      out += `<${text.slice(segment.start, segment.end)}>`;
      continue;
    }
    let at = segment.start;
    const emit = (end: number, bold: boolean) => {
      if (end <= at) return;
      const piece = text.slice(at, end);
      const core = piece.trim();
      if (bold && core.length > 0) {
        const lead = piece.slice(0, piece.indexOf(core));
        const trail = piece.slice(lead.length + core.length);
        out += `${escapeInline(lead)}**${escapeInline(core)}**${escapeInline(trail)}`;
      } else out += escapeInline(piece);
      at = end;
    };
    for (const mark of marks) {
      if (mark.end <= segment.start || mark.start >= segment.end) continue;
      emit(Math.max(mark.start, segment.start), false);
      emit(Math.min(mark.end, segment.end), true);
    }
    emit(segment.end, false);
  }
  return neutralizeMentions(escapeLineStarts(out));
}

/** Collapses runs of whitespace (PDF line breaks, tabs) to single spaces; offsets are remapped. */
function collapseWhitespace(text: string, highlights: readonly Span[]): { text: string; highlights: Span[] } {
  const map: number[] = [];
  let out = '';
  let lastSpace = true;
  for (let i = 0; i < text.length; i++) {
    map.push(out.length);
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      if (!lastSpace) out += ' ';
      lastSpace = true;
    } else {
      out += ch;
      lastSpace = false;
    }
  }
  map.push(out.length);
  const trimmedEnd = out.trimEnd().length;
  return {
    text: out.slice(0, trimmedEnd),
    highlights: highlights.map((h) => ({
      start: Math.min(map[Math.max(0, h.start)] ?? trimmedEnd, trimmedEnd),
      end: Math.min(map[Math.min(text.length, h.end)] ?? trimmedEnd, trimmedEnd),
    })),
  };
}

function shiftSpans(spans: readonly Span[], from: number, to: number): Span[] {
  return spans
    .filter((s) => s.end > from && s.start < to)
    .map((s) => ({ start: Math.max(s.start, from) - from, end: Math.min(s.end, to) - from }));
}

export interface FitOptions {
  /** Offsets into the text to mark in bold. */
  highlights?: readonly Span[];
  /** Prefix the result with the cut marker (the passage starts mid-paper). */
  continued?: boolean;
}

/**
 * Renders `text` (escaped, highlights in bold) in at most `max` characters. When it does not fit,
 * it keeps the longest run of whole sentences and appends `…`; when even the first sentence is too
 * long, whole words. A URL is one word, so a link is never cut. Whitespace is collapsed.
 * @example fitPassage('One. Two three.', 8) // 'One. …'
 */
export function fitPassage(raw: string, max: number, options: FitOptions = {}): string {
  const { text, highlights } = collapseWhitespace(raw, options.highlights ?? []);
  const lead = options.continued ? `${CUT_MARKER} ` : '';
  const render = (from: number, to: number) => renderMarked(text.slice(from, to), shiftSpans(highlights, from, to));
  const whole = lead + render(0, text.length);
  if (whole.length <= max) return whole;

  const tail = ` ${CUT_MARKER}`;
  const budget = max - lead.length - tail.length;
  if (budget <= 0) return CUT_MARKER.slice(0, Math.max(0, max));

  let best = -1;
  for (const sentence of splitSentences(text)) {
    if (render(0, sentence.end).length > budget) break;
    best = sentence.end;
  }
  if (best < 0) {
    for (const word of text.matchAll(/\S+/g)) {
      const end = word.index + word[0].length;
      if (render(0, end).length > budget) break;
      best = end;
    }
  }
  if (best < 0) {
    // One word longer than the whole budget: keep the most characters that fit, unless it is a link.
    const first = text.match(/^\S+/)?.[0] ?? '';
    if (new RegExp(`^${URL_PATTERN.source}`).test(first)) return lead + CUT_MARKER;
    let end = 0;
    while (end < first.length && render(0, end + 1).length <= max - lead.length - CUT_MARKER.length) end++;
    const kept = sliceWhole(first, end).length;
    return kept === 0 ? lead + CUT_MARKER : `${lead}${render(0, kept)}${CUT_MARKER}`;
  }
  return best === 0 ? lead + CUT_MARKER : `${lead}${render(0, best)}${tail}`;
}

/** `text.slice(0, end)` without splitting a surrogate pair (an emoji) in two. */
function sliceWhole(text: string, end: number): string {
  const code = text.charCodeAt(end - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? end - 1 : end);
}

/**
 * Shortens plain text to `max` characters at a word boundary with `…` (titles, labels, choices).
 * Whitespace is collapsed; a single word longer than `max` is cut inside.
 * @example truncateWords('Reconstructing Dropped Positions', 20) // 'Reconstructing…'
 */
export function truncateWords(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  if (max <= CUT_MARKER.length) return CUT_MARKER.slice(0, Math.max(0, max));
  const room = sliceWhole(flat, max - CUT_MARKER.length);
  const space = flat[room.length] === ' ' ? room.length : room.lastIndexOf(' ');
  const cut = space >= room.length / 2 ? room.slice(0, space) : room;
  return `${cut.trimEnd()}${CUT_MARKER}`;
}

/** The label, escaped, fitted to at most `max` rendered characters at a word boundary. */
export function escapeTitle(label: string, max: number): string {
  let room = max;
  for (;;) {
    const rendered = escapeText(truncateWords(label, room));
    if (rendered.length <= max || room <= 1) return rendered.length <= max ? rendered : CUT_MARKER;
    room -= rendered.length - max;
  }
}

/** Makes a URL safe inside `(…)` of a masked link: no spaces, parentheses or angle brackets. */
function encodeLinkTarget(url: string): string {
  return url.replace(/[\s()<>]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/**
 * A masked link `[label](url)`, the label escaped and shortened to fit `maxLabel`. Only http(s) URLs
 * become links; anything else renders as plain escaped text. `preview: false` wraps the target in
 * `<…>` so a link in message content adds no preview (embeds never preview).
 * @example maskedLink('arXiv', 'https://arxiv.org/abs/2309.03576') // '[arXiv](https://arxiv.org/abs/2309.03576)'
 */
export function maskedLink(label: string, url: string, maxLabel = 80, options: { preview?: boolean } = {}): string {
  const text = escapeTitle(label.replace(/https?:\/\//g, ''), maxLabel);
  if (!/^https?:\/\/\S/i.test(url)) return text;
  const target = encodeLinkTarget(url);
  return options.preview === false ? `[${text}](<${target}>)` : `[${text}](${target})`;
}

/**
 * Joins rendered pieces (lines, list items) with `separator`, keeping as many whole pieces as fit in
 * `max` and ending with `…` when some were left out. Pieces are never cut, so no escape or link breaks.
 * @example fitPieces(['a', 'b', 'c'], 5, '\n') // 'a\nb\n…'
 */
export function fitPieces(pieces: readonly string[], max: number, separator: string): string {
  let out = '';
  for (const [i, piece] of pieces.entries()) {
    const next = out ? `${out}${separator}${piece}` : piece;
    const room = i === pieces.length - 1 ? max : max - separator.length - CUT_MARKER.length;
    if (next.length > room) {
      if (out === '') return CUT_MARKER.slice(0, Math.max(0, max));
      return `${out}${separator}${CUT_MARKER}`;
    }
    out = next;
  }
  return out;
}
