import type { Paper, PaperLink } from './paper.js';

/** Bibliographic pointers a source may state outright (metadata, front matter, a sidecar, a BibTeX entry). */
export interface LinkFacts {
  url?: string | undefined;
  pdf?: string | undefined;
  arxiv?: string | undefined;
  doi?: string | undefined;
  code?: string | undefined;
}

/** Links found in a paper's own text are capped: an excerpt full of references should not drown the real ones. */
export const MAX_TEXT_LINKS = 6;

const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"'`\]\\]+/gi;
const ARXIV_IN_TEXT = /\barXiv:\s?((?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?)/gi;
const DOI_IN_TEXT = /\b(10\.\d{4,9}\/[^\s"<>]+)/g;
const ARXIV_ID = /^(?:arxiv:\s*)?(\d{4}\.\d{4,5}(?:v\d+)?|[a-z-]+(?:\.[A-Z]{2})?\/\d{7}(?:v\d+)?)$/i;
const DOI_ID = /^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)?(10\.\d{4,9}\/\S+)$/i;
const CODE_HOSTS = /^(?:www\.)?(?:github\.com|gitlab\.com|bitbucket\.org|codeberg\.org)$/i;

/** Sentence punctuation that ends a URL or DOI in prose is not part of it. */
function trimTrailing(raw: string): string {
  let value = raw.replace(/[.,;:!?'"*]+$/, '');
  // A closing bracket belongs to the URL only when the URL opened one (Wikipedia-style links).
  for (const [open, close] of [
    ['(', ')'],
    ['[', ']'],
    ['{', '}'],
  ] as const) {
    while (value.endsWith(close) && count(value, open) < count(value, close)) {
      value = value.slice(0, -1).replace(/[.,;:!?'"*]+$/, '');
    }
  }
  return value;
}

function count(text: string, char: string): number {
  let n = 0;
  for (const c of text) if (c === char) n++;
  return n;
}

/** Returns the URL when it parses as http(s), else undefined. */
export function httpUrl(raw: string): string | undefined {
  const trimmed = raw.trim();
  if (!/^https?:\/\//i.test(trimmed)) return undefined;
  try {
    const url = new URL(trimmed);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Normalises an arXiv id (`arXiv:2309.03576v2`, `https://arxiv.org/abs/2309.03576`) to `2309.03576v2`; undefined when it is not one. */
export function arxivId(raw: string): string | undefined {
  const trimmed = raw.trim().replace(/^https?:\/\/(?:www\.)?arxiv\.org\/(?:abs|pdf)\//i, '');
  return ARXIV_ID.exec(trimmed.replace(/\.pdf$/i, ''))?.[1];
}

/** Normalises a DOI (`doi:10.1/x`, `https://doi.org/10.1/x`) to `10.1/x`; undefined when it is not one. */
export function doiId(raw: string): string | undefined {
  const match = DOI_ID.exec(raw.trim());
  return match ? trimTrailing(match[1]!) : undefined;
}

function linkForUrl(href: string): PaperLink {
  const url = new URL(href);
  const host = url.hostname.toLowerCase();
  if (CODE_HOSTS.test(host))
    return { kind: 'code', url: href, label: `code (${host.replace(/^www\./, '')}${url.pathname})` };
  if (/(^|\.)arxiv\.org$/.test(host)) {
    const id = arxivId(href);
    if (id) return arxivLink(id);
  }
  if (/(^|\.)doi\.org$/.test(host)) {
    const id = doiId(href);
    if (id) return doiLink(id);
  }
  if (/\.pdf$/i.test(url.pathname)) return { kind: 'pdf', url: href, label: 'PDF' };
  return { kind: 'url', url: href, label: host.replace(/^www\./, '') };
}

function arxivLink(id: string): PaperLink {
  return { kind: 'arxiv', url: `https://arxiv.org/abs/${id}`, label: `arXiv:${id}` };
}

function doiLink(id: string): PaperLink {
  return {
    kind: 'doi',
    url: `https://doi.org/${encodeURI(id).replace(/[?#]/g, encodeURIComponent)}`,
    label: `DOI ${id}`,
  };
}

/**
 * Links stated by metadata, in the order a reader wants them: the paper's page, its PDF, arXiv, DOI, code.
 * Values that are not valid URLs or ids are left out; `rejected` names them so a loader can report them.
 * @example factLinks({ url: 'https://openreview.net/forum?id=x', arxiv: '2211.09817' }).links.map((l) => l.kind) // ['page', 'arxiv']
 */
export function factLinks(facts: LinkFacts): {
  links: PaperLink[];
  rejected: Array<{ field: keyof LinkFacts; value: string }>;
} {
  const links: PaperLink[] = [];
  const rejected: Array<{ field: keyof LinkFacts; value: string }> = [];
  const present = (value: string | undefined): value is string => value !== undefined && value.trim() !== '';
  if (present(facts.url)) {
    const href = httpUrl(facts.url);
    if (!href) rejected.push({ field: 'url', value: facts.url });
    else if (/\.pdf$/i.test(new URL(href).pathname)) links.push({ kind: 'pdf', url: href, label: 'PDF' });
    else links.push({ kind: 'page', url: href, label: 'paper page' });
  }
  if (present(facts.pdf)) {
    const href = httpUrl(facts.pdf);
    if (href) links.push({ kind: 'pdf', url: href, label: 'PDF' });
    else rejected.push({ field: 'pdf', value: facts.pdf });
  }
  if (present(facts.arxiv)) {
    const id = arxivId(facts.arxiv);
    if (id) links.push(arxivLink(id));
    else rejected.push({ field: 'arxiv', value: facts.arxiv });
  }
  if (present(facts.doi)) {
    const id = doiId(facts.doi);
    if (id) links.push(doiLink(id));
    else rejected.push({ field: 'doi', value: facts.doi });
  }
  if (present(facts.code)) {
    const href = httpUrl(facts.code);
    if (href) links.push({ ...linkForUrl(href), kind: 'code', label: 'code' });
    else rejected.push({ field: 'code', value: facts.code });
  }
  return { links, rejected };
}

/**
 * URLs, arXiv ids and DOIs written in a paper's text, classified (code host, arXiv, DOI, PDF, other),
 * at most `MAX_TEXT_LINKS`.
 * @example textLinks('Codes will be available at https://github.com/PRED4pc/PRED.')
 * // [{ kind: 'code', url: 'https://github.com/PRED4pc/PRED', label: 'code (github.com/PRED4pc/PRED)' }]
 */
export function textLinks(text: string): PaperLink[] {
  // Cheap pre-checks: most abstracts contain none of these, and the regexes then never run.
  const hasUrl = text.includes('http');
  const hasArxiv = /arxiv:/i.test(text);
  const hasDoi = text.includes('10.');
  if (!hasUrl && !hasArxiv && !hasDoi) return [];
  const links: PaperLink[] = [];
  let rest = text;
  if (hasUrl) {
    for (const match of text.matchAll(URL_IN_TEXT)) {
      const href = httpUrl(trimTrailing(match[0]));
      if (href) links.push(linkForUrl(href));
    }
    // Ids inside a URL were already counted with it.
    rest = text.replace(URL_IN_TEXT, ' ');
  }
  if (hasArxiv) for (const match of rest.matchAll(ARXIV_IN_TEXT)) links.push(arxivLink(match[1]!));
  if (hasDoi) for (const match of rest.matchAll(DOI_IN_TEXT)) links.push(doiLink(trimTrailing(match[1]!)));
  return dedupeLinks(links).slice(0, MAX_TEXT_LINKS);
}

/** A search for the paper by its title (Google Scholar), for papers nothing else links to. */
export function searchLink(title: string): PaperLink {
  return {
    kind: 'search',
    url: `https://scholar.google.com/scholar?q=${encodeURIComponent(title)}`,
    label: 'search Google Scholar',
  };
}

function linkKey(url: string): string {
  return url
    .replace(/^https?:\/\/(www\.)?/i, '')
    .replace(/[/#]+$/, '')
    .toLowerCase();
}

/** Keeps the first link for each URL (ignoring scheme, `www.` and a trailing slash). */
export function dedupeLinks(links: readonly PaperLink[]): PaperLink[] {
  const seen = new Set<string>();
  return links.filter((link) => {
    const key = linkKey(link.url);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * A paper's links: stated ones first, then those found in its text, and a title search when there are none.
 * Never empty.
 * @example paperLinks({ title: 'Attention Is All You Need', text: '', facts: {} })[0]!.kind // 'search'
 */
export function paperLinks(input: {
  title: string;
  text: string;
  facts: LinkFacts;
  searchQuery?: string;
}): PaperLink[] {
  const links = dedupeLinks([...factLinks(input.facts).links, ...textLinks(input.text)]);
  return links.length > 0 ? links : [searchLink(input.searchQuery ?? input.title)];
}

/**
 * Where a passage on `page` can be read: the paper's PDF opened at that page when the paper has a PDF link,
 * else the paper's first link.
 * @example passageLink({ links: [{ kind: 'pdf', url: 'https://x.org/a.pdf', label: 'PDF' }] }, 3) // 'https://x.org/a.pdf#page=3'
 */
export function passageLink(paper: Pick<Paper, 'links'>, page: number | null): string {
  const pdf = paper.links.find(
    (l) => l.kind === 'pdf' || (l.kind !== 'search' && /\.pdf$/i.test(new URL(l.url).pathname)),
  );
  if (pdf && page !== null && page >= 1) return `${pdf.url.replace(/#.*$/, '')}#page=${page}`;
  return paper.links[0]?.url ?? '';
}
