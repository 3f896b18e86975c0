import type { Paper } from './paper.js';
import { arxivId, doiId } from './paper-links.js';

/** arXiv registers its papers' DOIs as `10.48550/arXiv.<id>`: such a DOI names the arXiv id as well. */
const ARXIV_DOI = /^10\.48550\/arxiv\.(.+)$/i;

/**
 * The key an arXiv id or a DOI is looked up by, or undefined when `text` is neither: `arxiv:` and the id
 * without its version (`arXiv:2309.03576v2`, `https://arxiv.org/abs/2309.03576` → `arxiv:2309.03576`),
 * `doi:` and the DOI in lower case (`https://doi.org/10.1145/ABC` → `doi:10.1145/abc`).
 * @example identifierKey('arXiv:2309.03576v2') // 'arxiv:2309.03576'
 */
export function identifierKey(text: string): string | undefined {
  const arxiv = arxivId(text);
  if (arxiv) return `arxiv:${arxiv.toLowerCase().replace(/v\d+$/, '')}`;
  const doi = doiId(text);
  return doi ? `doi:${doi.toLowerCase()}` : undefined;
}

/**
 * Every key ({@link identifierKey}) a paper can be found by exactly: its links to arXiv or a DOI, and its id
 * when that is an arXiv id or a DOI. An arXiv DOI gives the arXiv key too.
 * @example paperIdentifiers({ id: 'p1', links: [{ kind: 'arxiv', url: 'https://arxiv.org/abs/2309.03576', label: '' }] }) // ['arxiv:2309.03576']
 */
export function paperIdentifiers(paper: Pick<Paper, 'id' | 'links'>): string[] {
  const keys = new Set<string>();
  const add = (text: string) => {
    const key = identifierKey(text);
    if (!key) return;
    keys.add(key);
    const arxiv = ARXIV_DOI.exec(key.slice('doi:'.length));
    if (key.startsWith('doi:') && arxiv) keys.add(`arxiv:${arxiv[1]!.replace(/v\d+$/, '')}`);
  };
  add(paper.id);
  // A page or PDF link may be the arXiv or DOI one (a source's URL that is an arXiv page stays its page link).
  for (const link of paper.links) if (link.kind !== 'code' && link.kind !== 'search') add(decoded(link.url));
  return [...keys];
}

/** A link's URL with its escapes undone (a DOI link escapes the DOI), or as it is when that fails. */
function decoded(url: string): string {
  try {
    return decodeURI(url);
  } catch {
    return url;
  }
}

const TYPED_ARXIV = /^(?:arxiv:\s*|https?:\/\/(?:www\.)?arxiv\.org\/abs\/)?(\d{4}\.\d{0,5})$/i;
const TYPED_DOI = /^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)?(10\.\d{4,9}\/\S*)$/i;

/**
 * The start of a key ({@link identifierKey}) for an arXiv id or DOI still being typed (`2309.035`,
 * `10.1145/35`), or undefined when `typed` does not read as the start of one.
 * @example identifierPrefix('arXiv:2309.035') // 'arxiv:2309.035'
 */
export function identifierPrefix(typed: string): string | undefined {
  const text = typed.trim();
  const arxiv = TYPED_ARXIV.exec(text)?.[1];
  if (arxiv) return `arxiv:${arxiv}`;
  const doi = TYPED_DOI.exec(text)?.[1];
  return doi ? `doi:${doi.toLowerCase()}` : undefined;
}
