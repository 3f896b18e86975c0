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
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Whether a title only names a part of the proceedings ("Preface", "Introduction", "Keynote talks",
 * "Asian Conference on Machine Learning: Preface"), so that two papers sharing it are not the same work.
 * @example isGenericTitle('ACML 2019: Preface') // true
 * @example isGenericTitle('An Introduction to Variational Methods') // false
 */
export function isGenericTitle(title: string): boolean {
  const words = foldText(title)
    .split(' ')
    .filter((w) => w !== '');
  if (words.some((w) => HEADING_WORDS.has(w))) return true;
  return words.every((w) => GENERIC_WORDS.has(w) || SMALL_WORDS.has(w) || /^\d+$/.test(w));
}

/**
 * The family name of an author as written `First Last`, `Last, First` or `First Last, Jr.`, folded;
 * undefined for a name that names nobody (`Anonymous`).
 * @example familyName('João F. Henriques') // 'henriques'
 */
export function familyName(author: string): string | undefined {
  if (NOBODY.has(foldText(author))) return undefined;
  // Before a comma stands the family name (`He, Kaiming`) or the whole name (`John Smith, Jr.`): its last word either way.
  const words = foldText(author.split(',')[0] ?? '')
    .split(' ')
    .filter((w) => w !== '' && !NAME_SUFFIXES.has(w));
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
  if (isGenericTitle(paper.title)) return keys;
  const title = foldText(paper.title);
  if (title === '') return keys;
  const first = paper.authors[0];
  const family = first === undefined ? undefined : familyName(first);
  if (family !== undefined) keys.push({ rule: 'title-author', key: `title:${title}|author:${family}` });
  const venue = paper.venue === null ? undefined : venueKey(paper.venue);
  if (venue !== undefined && paper.year !== null)
    keys.push({ rule: 'title-venue', key: `title:${title}|venue:${venue}|year:${paper.year}` });
  return keys;
}

/** The stamp arXiv prints on the first page of its PDFs: `arXiv:2106.09685v2 [cs.CL] 16 Oct 2021`. */
const ARXIV_STAMP = /\barXiv:\s?(\d{4}\.\d{4,5})(?:v\d+)?\s*\[[a-z-]+(?:\.[A-Za-z-]+)?\]/;

/**
 * The DOIs and arXiv ids a paper states (its id, its source's links, a sidecar's), and the arXiv stamp on
 * a PDF's first page: never an id merely cited in its text, which names another paper.
 */
function statedIdentifiers(paper: Pick<Paper, 'id' | 'links' | 'text' | 'pageStarts'>): string[] {
  const cited = new Set(textLinks(paper.text).map((link) => link.url));
  const keys = paperIdentifiers({ id: paper.id, links: paper.links.filter((link) => !cited.has(link.url)) });
  if (paper.pageStarts !== null) {
    const stamp = ARXIV_STAMP.exec(paper.text.slice(0, paper.pageStarts[1] ?? paper.text.length))?.[1];
    if (stamp !== undefined && !keys.includes(`arxiv:${stamp}`)) keys.push(`arxiv:${stamp}`);
  }
  return keys;
}
