// One filter grammar for every surface (`/ask`, `/paper`, digest topics, the terminal and the CLI):
// `author:hinton`, `year:2021`, `year:2019..2022`, `since:2023`, `until:2022`, `venue:neurips`,
// `-word`, `-"a phrase"`, mixed freely with the words of a question.
import { termsOf } from '../text/tokenize.js';

/** The years a paper may have been published in; `null` leaves that end open. */
export interface YearRange {
  from: number | null;
  to: number | null;
}

/** What a question is narrowed to. Authors must all be on the paper; a paper has one venue, so venues are alternatives. */
export interface Filters {
  /** Author names as typed (`hinton`, `k. he`). */
  authors: string[];
  /** Venues as typed (`neurips`, `iclr 2024`: a year in it holds for that venue). */
  venues: string[];
  /** Every `year:`, `since:` and `until:` together; null when none was given. */
  years: YearRange | null;
  /** Words and phrases no paper may contain. */
  excluded: string[];
}

/** A question with its filters taken out. */
export interface FilteredText {
  /** What is left to look for, filters removed, spaces collapsed. */
  text: string;
  filters: Filters;
  /** One message per malformed filter, quoting it: the question is not answered until they are fixed. */
  problems: string[];
}

export const NO_FILTERS: Filters = { authors: [], venues: [], years: null, excluded: [] };

const KEYS = ['author', 'year', 'since', 'until', 'venue'] as const;
type Key = (typeof KEYS)[number];

/** A part of the text: `key:"quoted value"`, `-"phrase"`, `"phrase"` or a bare word. */
const PART = /(-?)(?:([\p{L}]+):)?"([^"]*)"?|(\S+)/gu;
const KEYED = /^(-?)([\p{L}]+):(.*)$/u;
const INITIALS = /^(?:\p{L}\.)+$/u;
const YEAR = /^\d{4}$/;
const YEAR_RANGE = /^(\d{4})?(?:\.\.|[-\u2013])(\d{4})?$/;
const DATE = /^(\d{4})(?:-\d{2}(?:-\d{2})?)?$/;

const isKey = (word: string): word is Key => (KEYS as readonly string[]).includes(word);

interface Part {
  minus: boolean;
  key: string | undefined;
  value: string;
  quoted: boolean;
  raw: string;
}

function partsOf(text: string): Part[] {
  const parts: Part[] = [];
  for (const match of text.matchAll(PART)) {
    const [raw, minus, key, quoted, bare] = match;
    if (quoted !== undefined) {
      const known = key !== undefined && isKey(key.toLowerCase());
      if (key === undefined || known)
        parts.push({ minus: minus === '-', key: key?.toLowerCase(), value: quoted, quoted: true, raw });
      else parts.push({ minus: false, key: undefined, value: raw, quoted: false, raw });
      continue;
    }
    const keyed = KEYED.exec(bare!);
    if (keyed && isKey(keyed[2]!.toLowerCase())) {
      parts.push({ minus: keyed[1] === '-', key: keyed[2]!.toLowerCase(), value: keyed[3]!, quoted: false, raw });
    } else parts.push({ minus: false, key: undefined, value: bare!, quoted: false, raw });
  }
  return parts;
}

/**
 * Takes the filters out of a question or a topic. Malformed filters are problems, quoted, never a throw
 * nor a silent ignore; words that look like filters but are not (`arxiv:2309.03576`, `self-supervised`)
 * stay in the text.
 * @example parseFilters('masked autoencoders author:he since:2022 -video')
 * // { text: 'masked autoencoders', filters: { authors: ['he'], venues: [], years: { from: 2022, to: null }, excluded: ['video'] }, problems: [] }
 */
export function parseFilters(input: string): FilteredText {
  const parts = partsOf(input);
  const kept: string[] = [];
  const filters: Filters = { authors: [], venues: [], years: null, excluded: [] };
  const problems: string[] = [];
  const narrowYears = (range: YearRange, raw: string) => {
    const from = maxOf(filters.years?.from ?? null, range.from);
    const to = minOf(filters.years?.to ?? null, range.to);
    if (from !== null && to !== null && from > to)
      problems.push(`${raw}: no year is also ${describeYears(filters.years!)}`);
    else filters.years = { from, to };
  };
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part.key === undefined) {
      const word = part.value;
      if (part.quoted && part.minus) addExcluded(filters, problems, part.value.trim().replace(/\s+/g, ' '), part.raw);
      else if (!part.quoted && /^-[\p{L}]/u.test(word)) addExcluded(filters, problems, word.slice(1), part.raw);
      else kept.push(part.raw);
      continue;
    }
    let value = part.value.trim().replace(/\s+/g, ' ');
    let raw = part.raw;
    // `author: hinton`: the value typed after a space.
    if (value === '' && !part.quoted) {
      const next = parts[i + 1];
      if (next && next.key === undefined && !next.minus) {
        value = next.value.trim();
        raw = `${raw} ${next.raw}`;
        i++;
      }
    }
    // `author:k. he`: initials then the name they belong to.
    if (part.key === 'author' && !part.quoted) {
      while (
        INITIALS.test(value.split(' ').at(-1)!) &&
        parts[i + 1]?.key === undefined &&
        parts[i + 1]?.quoted === false
      ) {
        const next = parts[++i]!;
        value = `${value} ${next.value}`;
        raw = `${raw} ${next.raw}`;
        if (!INITIALS.test(next.value)) break;
      }
    }
    if (part.minus) {
      problems.push(`${raw}: only words and "phrases" can be excluded, not a ${part.key}`);
      continue;
    }
    if (value === '') {
      problems.push(`${raw}: ${part.key}: needs a value, e.g. ${EXAMPLES[part.key as Key]}`);
      continue;
    }
    switch (part.key as Key) {
      case 'author':
        if (!/\p{L}/u.test(value)) problems.push(`${raw}: expected a name, e.g. ${EXAMPLES.author}`);
        else filters.authors.push(value);
        break;
      case 'venue':
        if (!/\p{L}/u.test(value)) problems.push(`${raw}: expected a venue name, e.g. ${EXAMPLES.venue}`);
        else filters.venues.push(value);
        break;
      case 'year': {
        const range = parseYearRange(value);
        if (typeof range === 'string') problems.push(`${raw}: ${range}`);
        else narrowYears(range, raw);
        break;
      }
      case 'since':
      case 'until': {
        const date = DATE.exec(value);
        if (!date) problems.push(`${raw}: expected a year such as ${part.key === 'since' ? '2023' : '2022'}`);
        else {
          const year = Number(date[1]);
          narrowYears(part.key === 'since' ? { from: year, to: null } : { from: null, to: year }, raw);
        }
        break;
      }
    }
  }
  return { text: kept.join(' ').replace(/\s+/g, ' ').trim(), filters, problems };
}

const EXAMPLES: Record<Key, string> = {
  author: 'author:hinton or author:"k. he"',
  year: 'year:2021 or year:2019..2022',
  since: 'since:2023',
  until: 'until:2022',
  venue: 'venue:neurips or venue:"iclr 2024"',
};

function addExcluded(filters: Filters, problems: string[], phrase: string, raw: string): void {
  if (phrase === '') return;
  if (termsOf(phrase.split(' ')[0]!).length === 0 && phrase.split(' ').every((w) => termsOf(w).length === 0)) {
    problems.push(`${raw}: "${phrase}" is too common a word to exclude`);
    return;
  }
  if (!filters.excluded.includes(phrase)) filters.excluded.push(phrase);
}

/** `2021`, `2019..2022`, `2019-2022`, `2019..`, `..2022`; a message when it is none of them. */
function parseYearRange(value: string): YearRange | string {
  if (YEAR.test(value)) return { from: Number(value), to: Number(value) };
  const range = YEAR_RANGE.exec(value);
  if (range && (range[1] !== undefined || range[2] !== undefined)) {
    const from = range[1] === undefined ? null : Number(range[1]);
    const to = range[2] === undefined ? null : Number(range[2]);
    if (from !== null && to !== null && from > to) return `the range runs backwards (${from} is after ${to})`;
    return { from, to };
  }
  return 'expected a year such as 2021 or a range such as 2019..2022';
}

const maxOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));
const minOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));

/** True when the filters narrow nothing. */
export function isUnfiltered(filters: Filters): boolean {
  return (
    filters.authors.length === 0 &&
    filters.venues.length === 0 &&
    filters.years === null &&
    filters.excluded.length === 0
  );
}

/** `2021`, `2019–2022`, `since 2023`, `until 2022`. */
export function describeYears(years: YearRange): string {
  if (years.from !== null && years.from === years.to) return `in ${years.from}`;
  if (years.from !== null && years.to !== null) return `${years.from}–${years.to}`;
  return years.from !== null ? `since ${years.from}` : `until ${years.to}`;
}

/**
 * The filters in words, for an answer to say what it was narrowed to.
 * @example describeFilters(parseFilters('author:he since:2022 -video').filters) // 'by he · since 2022 · without “video”'
 */
export function describeFilters(filters: Filters): string {
  const parts: string[] = [];
  if (filters.authors.length > 0) parts.push(`by ${filters.authors.join(' and ')}`);
  if (filters.venues.length > 0) parts.push(`at ${filters.venues.join(' or ')}`);
  if (filters.years) parts.push(describeYears(filters.years));
  if (filters.excluded.length > 0) parts.push(`without ${filters.excluded.map((w) => `“${w}”`).join(', ')}`);
  return parts.join(' · ');
}

const quote = (value: string) => (/\s/.test(value) ? `"${value.replace(/"/g, '')}"` : value.replace(/"/g, ''));

/**
 * The filters written in the grammar, to append to a question (a command's options become part of it,
 * so an answer's buttons, which re-read the question, keep them).
 * @example filterText({ authors: ['k. he'], venues: [], years: { from: 2022, to: null }, excluded: ['video'] }) // 'author:"k. he" since:2022 -video'
 */
export function filterText(filters: Filters): string {
  const parts = [
    ...filters.authors.map((a) => `author:${quote(a)}`),
    ...filters.venues.map((v) => `venue:${quote(v)}`),
  ];
  const { years } = filters;
  if (years?.from != null && years.from === years.to) parts.push(`year:${years.from}`);
  else {
    if (years?.from != null) parts.push(`since:${years.from}`);
    if (years?.to != null) parts.push(`until:${years.to}`);
  }
  parts.push(...filters.excluded.map((w) => (/\s/.test(w) ? `-"${w.replace(/"/g, '')}"` : `-${w}`)));
  return parts.join(' ');
}

/** Options as a command or the CLI takes them (`--author`, `--since`, `--until`, `--venue`), each optional. */
export interface FilterOptions {
  author?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
  venue?: string | undefined;
}

/**
 * A question with filter options appended in the grammar, so one parser reads them all and a malformed
 * option is reported as the same filter typed would be.
 * @example withFilterOptions('masked autoencoders', { author: 'k. he', since: '2022' }) // 'masked autoencoders author:"k. he" since:2022'
 */
export function withFilterOptions(question: string, options: FilterOptions): string {
  const parts = [question.trim()];
  const add = (key: string, value: string | undefined) => {
    const trimmed = value?.trim().replace(/\s+/g, ' ');
    if (trimmed !== undefined && trimmed !== '') parts.push(`${key}:${quote(trimmed)}`);
    else if (value !== undefined) parts.push(`${key}:`);
  };
  add('author', options.author);
  add('venue', options.venue);
  add('since', options.since);
  add('until', options.until);
  return parts.filter((p) => p !== '').join(' ');
}
