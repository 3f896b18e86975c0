import type { Paper } from '../../paper/paper.js';
import type { Filters } from './filter-grammar.js';
import { authorMatches, authorPattern, foldName, venueKey, venueMatches } from './name-match.js';

/**
 * A check of one paper's authors, venue and year against filters, for papers at hand without an index
 * (a digest's pool). Exclusions are words of the text: the caller checks them where it reads the text.
 * @example compileFacetFilter(parseFilters('author:"k. he" venue:iclr').filters)(paper) // true or false
 */
export function compileFacetFilter(filters: Filters): (paper: Pick<Paper, 'authors' | 'venue' | 'year'>) => boolean {
  const authors = filters.authors.map(authorPattern);
  const venues = filters.venues.map(venueKey);
  const { years } = filters;
  return (paper) => {
    if (years) {
      if (paper.year === null) return false;
      if ((years.from !== null && paper.year < years.from) || (years.to !== null && paper.year > years.to))
        return false;
    }
    if (venues.length > 0) {
      const venue = paper.venue ? venueKey(paper.venue) : undefined;
      if (!venue || !venues.some((typed) => venueMatches(typed, venue, paper.year))) return false;
    }
    if (authors.length > 0) {
      const names = paper.authors.map((a) => foldName(a).split(' '));
      if (!authors.every((pattern) => names.some((name) => authorMatches(pattern, name)))) return false;
    }
    return true;
  };
}
