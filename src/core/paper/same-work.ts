import type { Paper } from './paper.js';
import { paperIdentifiers } from './paper-identifiers.js';
import { textLinks } from './paper-links.js';

/**
 * Why two papers are one work, strongest first: the same DOI, the same arXiv id (any version), the same
 * normalised title with the same first author (family name), or the same normalised title in the same
 * venue and year.
 */
export type SameWorkRule = 'doi' | 'arxiv' | 'title-author' | 'title-venue';

/** Rules from strongest to weakest: a merge is reported under the strongest rule that joins its papers. */
export const SAME_WORK_RULES: readonly SameWorkRule[] = ['doi', 'arxiv', 'title-author', 'title-venue'];

/** One key a paper can share with another paper of the same work, and the rule it stands for. */
export interface WorkKey {
  rule: SameWorkRule;
  key: string;
}

/**
 * Words that make a title a heading of the proceedings rather than a paper wherever they stand: two
 * "Preface" pages of two volumes are two works.
 */
const HEADING_WORDS = new Set([
  'preface',
  'foreword',
  'forward',
  'editorial',
  'proceedings',
  'frontmatter',
  'erratum',
  'errata',
  'corrigendum',
  'withdrawn',
  'withdraw',
]);

/** Words that make a title generic when it holds nothing else (besides small words and numbers). */
const GENERIC_WORDS = new Set([
  'introduction',
  'keynote',
  'keynotes',
  'plenary',
  'invited',
  'talk',
  'talks',
  'tutorial',
  'tutorials',
  'workshop',
  'workshops',
  'panel',
  'discussion',
  'overview',
  'conclusion',
  'conclusions',
  'summary',
  'abstract',
  'abstracts',
  'index',
  'contents',
  'welcome',
  'message',
  'messages',
  'chair',
  'chairs',
  'committee',
  'committees',
  'organizers',
  'organization',
  'program',
  'programme',
  'reviewers',
  'acknowledgments',
  'acknowledgements',
  'appendix',
  'supplementary',
  'material',
  'front',
  'matter',
  'title',
  'untitled',
  'paper',
  'papers',
  'sessions',
  'session',
  'author',
  'authors',
  'list',
  'table',
  'volume',
  'issue',
  'news',
  'letter',
  'note',
  'notes',
  'remarks',
  'opening',
  'closing',
  'special',
]);

const SMALL_WORDS = new Set(['a', 'an', 'the', 'of', 'and', 'on', 'to', 'for', 'in', 'from', 'with', 'by', 'at']);

/** Name parts that are not a family name: `Jr.`, `III`. */
const NAME_SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv']);

/** Author names that name nobody: an anonymous submission's, a placeholder. */
const NOBODY = new Set(['anonymous', 'anonymous authors', 'undefined', 'null', 'unknown', 'withdrawn', 'n a', 'na']);

/** Venue names written two ways. */
const VENUE_ALIASES: Readonly<Record<string, string>> = { nips: 'neurips' };

/** Lower case, accents and punctuation gone, single spaces: `Café: Deep-Learning!` → `cafe deep learning`. */
export function foldText(text: string): string {
  // Most titles and names are ASCII: they skip Unicode normalisation (this runs for every paper of a corpus).
  if (!NON_ASCII.test(text))
    return text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const NON_ASCII = /[^ -~]/;

/**
 * Whether a title only names a part of the proceedings ("Preface", "Introduction", "Keynote talks",
 * "Asian Conference on Machine Learning: Preface"), so that two papers sharing it are not the same work.
 * @example isGenericTitle('ACML 2019: Preface') // true
 * @example isGenericTitle('An Introduction to Variational Methods') // false
 */
export function isGenericTitle(title: string): boolean {
  return isGenericFolded(foldText(title));
}

/** A title made only of generic words is short: longer ones are only tested for a heading word. */
const GENERIC_MAX_CHARS = 80;
const HEADING = new RegExp(`(?:^| )(?:${[...HEADING_WORDS].join('|')})(?: |$)`);

function isGenericFolded(folded: string): boolean {
  if (HEADING.test(folded)) return true;
  if (folded.length > GENERIC_MAX_CHARS) return false;
  return folded.split(' ').every((w) => GENERIC_WORDS.has(w) || SMALL_WORDS.has(w) || /^\d+$/.test(w));
}

/**
 * The family name of an author as written `First Last`, `Last, First` or `First Last, Jr.`, folded;
 * undefined for a name that names nobody (`Anonymous`).
 * @example familyName('João F. Henriques') // 'henriques'
 */
export function familyName(author: string): string | undefined {
  // Before a comma stands the family name (`He, Kaiming`) or the whole name (`John Smith, Jr.`): its last word either way.
  const comma = author.indexOf(',');
  const head = foldText(comma < 0 ? author : author.slice(0, comma));
  if (NOBODY.has(head)) return undefined;
  const words = head.split(' ').filter((w) => w !== '' && !NAME_SUFFIXES.has(w));
  return words.at(-1);
}

/**
 * A venue as a key: folded, years and numbers gone, known aliases joined (`NIPS 2017` and `nips` → `neurips`).
 * @example venueKey('NIPS 2017') // 'neurips'
 */
export function venueKey(venue: string): string | undefined {
  const words = foldText(venue)
    .split(' ')
    .filter((w) => w !== '' && !/^\d+$/.test(w));
  const key = words.map((w) => VENUE_ALIASES[w] ?? w).join(' ');
  return key === '' ? undefined : key;
}

/**
 * The keys two papers must share for {@link workKeys} to find them one work, cheap enough for every paper of
 * a large corpus: its identifiers (`arxiv:…`, `doi:…`) and its folded title (which holds no colon). Only
 * papers sharing one of these need their full keys, which leave generic titles out.
 * @example firstKeys(paper) // ['arxiv:2106.09685', 'lora low rank adaptation of large language models']
 */
export function firstKeys(paper: Pick<Paper, 'id' | 'links' | 'title' | 'text' | 'pageStarts'>): string[] {
  const keys = statedIdentifiers(paper);
  const title = foldText(paper.title);
  if (title !== '') keys.push(title);
  return keys;
}

/**
 * Every key a paper shares with the other papers of its work: its DOI and arXiv id (without version),
 * and, unless its title is generic, its folded title with its first author's family name and with its
 * venue and year. Two papers with a key in common are the same work.
 * @example workKeys(paper) // [{ rule: 'arxiv', key: 'arxiv:2106.09685' }, { rule: 'title-author', key: 'lora …|hu' }]
 */
export function workKeys(
  paper: Pick<Paper, 'id' | 'links' | 'title' | 'authors' | 'venue' | 'year' | 'text' | 'pageStarts'>,
): WorkKey[] {
  const keys: WorkKey[] = statedIdentifiers(paper).map((key) => ({
    rule: key.startsWith('doi:') ? 'doi' : 'arxiv',
    key,
  }));
  const title = foldText(paper.title);
  if (title === '' || isGenericFolded(title)) return keys;
  const first = paper.authors[0];
  const family = first === undefined ? undefined : familyName(first);
  if (family !== undefined) keys.push({ rule: 'title-author', key: `title:${title}|author:${family}` });
  const venue = paper.venue === null ? undefined : venueKey(paper.venue);
  if (venue !== undefined && paper.year !== null)
    keys.push({ rule: 'title-venue', key: `title:${title}|venue:${venue}|year:${paper.year}` });
  return keys;
}

/** What an id that is an arXiv id or a DOI holds (`2106.09685`, `10.1145/…`, `hep-th/9901001`). */
const MAYBE_IDENTIFIER = /\d{4}\.\d|10\.\d|\/\d{7}/;

/** The stamp arXiv prints on the first page of its PDFs: `arXiv:2106.09685v2 [cs.CL] 16 Oct 2021`. */
const ARXIV_STAMP = /\barXiv:\s?(\d{4}\.\d{4,5})(?:v\d+)?\s*\[[a-z-]+(?:\.[A-Za-z-]+)?\]/;

/**
 * The DOIs and arXiv ids a paper states (its id, its source's links, a sidecar's), and the arXiv stamp on
 * a PDF's first page: never an id merely cited in its text, which names another paper.
 */
function statedIdentifiers(paper: Pick<Paper, 'id' | 'links' | 'text' | 'pageStarts'>): string[] {
  // Only a link that names arXiv or a DOI (`10.…`) can give a key; most papers have none, and skip the text.
  let links = paper.links.filter(
    (link) =>
      link.kind !== 'code' && link.kind !== 'search' && (link.url.includes('arxiv') || link.url.includes('10.')),
  );
  if (links.length > 0) {
    const cited = new Set(textLinks(paper.text).map((link) => link.url));
    links = links.filter((link) => !cited.has(link.url));
  }
  const id = paper.id;
  const maybe = (id.includes('.') || id.includes('/')) && MAYBE_IDENTIFIER.test(id);
  const keys = links.length > 0 || maybe ? paperIdentifiers({ id, links }) : [];
  if (paper.pageStarts !== null) {
    const stamp = ARXIV_STAMP.exec(paper.text.slice(0, paper.pageStarts[1] ?? paper.text.length))?.[1];
    if (stamp !== undefined && !keys.includes(`arxiv:${stamp}`)) keys.push(`arxiv:${stamp}`);
  }
  return keys;
}
