import type { Paper } from './paper.js';
import { arxivId, doiId } from './paper-links.js';

type Citable = Pick<Paper, 'id' | 'title' | 'authors' | 'year' | 'venue' | 'links'>;

/** Characters LaTeX treats specially, and what stands for each in a BibTeX value. */
const LATEX_SPECIALS: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  '&': '\\&',
  '%': '\\%',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
};

function latex(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\{}&%$#_~^]/g, (ch) => LATEX_SPECIALS[ch]!);
}

/** A URL inside braces: only the characters that would unbalance the braces or start a comment change. */
function bibUrl(url: string): string {
  return url.replace(/[{}%\\\s]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** ASCII letters of a word, for keys: `Müller` → `muller`. */
function keyPart(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]/g, '')
    .toLowerCase();
}

function safeDecode(url: string): string {
  try {
    return decodeURI(url);
  } catch {
    return url;
  }
}

function lastName(author: string): string {
  const trimmed = author.trim();
  if (trimmed.includes(',')) return trimmed.split(',')[0]!;
  return trimmed.split(/\s+/).at(-1) ?? trimmed;
}

/**
 * A citation key in the common `surnameYEARfirstword` style, falling back to the paper id.
 * @example citeKey({ authors: ['Haochen Wang'], year: 2023, title: 'DropPos: Pre-Training …', id: 'x' }) // 'wang2023droppos'
 */
export function citeKey(paper: Pick<Citable, 'id' | 'title' | 'authors' | 'year'>): string {
  const surname = paper.authors[0] ? keyPart(lastName(paper.authors[0])) : '';
  const firstWord =
    paper.title
      .split(/[\s:\-–—]+/)
      .map(keyPart)
      .find((w) => w.length > 3 && !['with', 'from', 'into', 'over', 'under', 'about'].includes(w)) ?? '';
  const key = `${surname}${paper.year ?? ''}${firstWord}`;
  return key.length >= 4 ? key : `paper${keyPart(paper.id).slice(0, 24)}`;
}

/**
 * A BibTeX entry for a paper: `@inproceedings` when a venue is known, `@misc` otherwise; title case kept
 * with double braces; DOI, arXiv id and page URL from its links. Every value is LaTeX-escaped.
 * @example toBibtex(paper) // '@inproceedings{wang2023droppos,\n  title = {{DropPos: …}},\n  …\n}'
 */
export function toBibtex(paper: Citable): string {
  const fields: [string, string][] = [['title', `{${latex(paper.title)}}`]];
  if (paper.authors.length > 0) fields.push(['author', paper.authors.map(latex).join(' and ')]);
  if (paper.year !== null) fields.push(['year', String(paper.year)]);
  if (paper.venue) fields.push(['booktitle', latex(paper.venue)]);
  const doi = paper.links.map((l) => (l.kind === 'doi' ? doiId(safeDecode(l.url)) : undefined)).find(Boolean);
  if (doi) fields.push(['doi', bibUrl(doi)]);
  const arxiv = paper.links.map((l) => (l.kind === 'arxiv' ? arxivId(l.url) : undefined)).find(Boolean);
  if (arxiv) fields.push(['eprint', arxiv], ['archiveprefix', 'arXiv']);
  const page = paper.links.find((l) => l.kind === 'page') ?? paper.links.find((l) => l.kind !== 'search');
  if (page) fields.push(['url', bibUrl(page.url)]);
  const type = paper.venue ? 'inproceedings' : 'misc';
  const width = Math.max(...fields.map(([name]) => name.length));
  const body = fields.map(([name, value]) => `  ${name.padEnd(width)} = {${value}}`).join(',\n');
  return `@${type}{${citeKey(paper)},\n${body}\n}`;
}
