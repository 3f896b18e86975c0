import type { SearchIndex } from '../search-index.js';
import { foldName, venueKey, type VenueKey } from './name-match.js';

/** A distinct author or venue of the corpus, as first written, with how many live papers carry it. */
export interface FacetValue {
  /** As a paper writes it (`Kaiming He`, `nips`). */
  text: string;
  /** Folded, for prefix search and sorting. */
  key: string;
  papers: number;
}

export interface AuthorFacet extends FacetValue {
  /** The folded name's words (`['kaiming', 'he']`). */
  words: string[];
}

export interface VenueFacet extends FacetValue {
  venue: VenueKey;
}

/**
 * What filters read of every live paper, by ordinal: its year, its venue, its authors; and the distinct
 * authors and venues with their counts (autocomplete, "did you mean"). Built on first use (or ahead, a
 * slice at a time: {@link prepareFacets}) and brought up to date with the index's changes.
 */
export interface PaperFacets {
  /** Per-paper arrays are this long: every ordinal seen, live or not. */
  size: number;
  live: Uint8Array;
  /** 0 for a paper without a year. */
  years: Int16Array;
  /** Index into {@link venues}, -1 for a paper without a venue. */
  venueOf: Int32Array;
  venues: VenueFacet[];
  /** Folded author word (`he`, `kaiming`) → ordinals of the papers with an author holding it, ascending; removed papers stay listed but not live. */
  authorWords: Map<string, number[]>;
  /** Per ordinal, its authors. */
  authorsOf: Array<AuthorFacet[] | undefined>;
  /** Distinct authors by folded name. */
  authors: Map<string, AuthorFacet>;
}

interface FacetBuild {
  facets: PaperFacets;
  /** The index version the facets are brought up to, and the ordinals still to add for it. */
  version: number;
  pending: number[];
  /** Author spellings as papers write them, each folded once. */
  spellings: Map<string, AuthorFacet | null>;
  venueIds: Map<string, number>;
  /** Authors by most papers, made when asked for and dropped on any change. */
  ranked?: AuthorFacet[] | undefined;
}

// Facets belong to the index they describe; a WeakMap lets them go with it.
const BUILDS = new WeakMap<SearchIndex, FacetBuild>();

/**
 * The facets of `index` as it is now ({@link PaperFacets}), finishing any build under way.
 * @example paperFacets(index).years[index.ordinalOf('pred')!] // 2023
 */
export function paperFacets(index: SearchIndex): PaperFacets {
  const build = buildFor(index);
  advance(index, build, Infinity);
  return build.facets;
}

/**
 * Builds the facets of `index` ahead of the first filter, `slice` papers per turn of `defer`, so a large
 * corpus never holds the event loop for long; resolves once they are complete.
 * @example await prepareFacets(index, setImmediate)
 */
export async function prepareFacets(index: SearchIndex, defer: (next: () => void) => void, slice = 500) {
  for (;;) {
    if (advance(index, buildFor(index), slice)) return;
    await new Promise<void>((resolve) => defer(resolve));
  }
}

/** The authors, most papers first (then by name). */
export function authorsByPapers(index: SearchIndex): readonly AuthorFacet[] {
  const facets = paperFacets(index);
  const build = BUILDS.get(index)!;
  build.ranked ??= [...facets.authors.values()]
    .filter((a) => a.papers > 0)
    .sort((a, b) => b.papers - a.papers || compare(a.key, b.key));
  return build.ranked;
}

/** The build for the index's current version: a new one, or the last one told what changed since. */
function buildFor(index: SearchIndex): FacetBuild {
  let build = BUILDS.get(index);
  if (!build) {
    const facets = emptyFacets();
    build = { facets, version: -1, pending: [], spellings: new Map(), venueIds: new Map() };
    BUILDS.set(index, build);
  }
  if (build.version !== index.version) changed(index, build);
  return build;
}

/** Facets of no paper: the start of a build, or (with only `size` and `live` set) all an exclusion reads. */
export function emptyFacets(): PaperFacets {
  return {
    size: 0,
    live: new Uint8Array(0),
    years: new Int16Array(0),
    venueOf: new Int32Array(0),
    venues: [],
    authorWords: new Map(),
    authorsOf: [],
    authors: new Map(),
  };
}

/** 1 at each of `ordinals` (the live papers), over at least `size` ordinals. */
export function liveMask(ordinals: readonly number[], size = 0): Uint8Array {
  const mask = new Uint8Array(ordinals.reduce((max, o) => Math.max(max, o + 1), size));
  for (const ordinal of ordinals) mask[ordinal] = 1;
  return mask;
}

/** Takes removed papers out and queues the ones not yet in (all of them the first time). */
function changed(index: SearchIndex, build: FacetBuild): void {
  const { facets } = build;
  const ordinals = index.paperIds.map((id) => index.ordinalOf(id)!);
  const seen = liveMask(ordinals, facets.size);
  grow(facets, seen.length);
  const queued = new Set(build.pending);
  for (let ordinal = 0; ordinal < facets.size; ordinal++) {
    if (facets.live[ordinal] === 1 && seen[ordinal] === 0) remove(facets, ordinal);
  }
  build.pending = build.pending.filter((ordinal) => seen[ordinal] === 1);
  for (const ordinal of ordinals) if (facets.live[ordinal] === 0 && !queued.has(ordinal)) build.pending.push(ordinal);
  build.version = index.version;
  build.ranked = undefined;
}

/** Adds up to `count` pending papers; true when none is left. */
function advance(index: SearchIndex, build: FacetBuild, count: number): boolean {
  const { pending } = build;
  const end = Math.min(pending.length, count);
  for (let i = 0; i < end; i++) add(index, build, pending[i]!);
  build.pending = end === pending.length ? [] : pending.slice(end);
  if (end > 0) build.ranked = undefined;
  return build.pending.length === 0;
}

function add(index: SearchIndex, build: FacetBuild, ordinal: number): void {
  const { facets, spellings, venueIds } = build;
  const paper = index.peekPaper(ordinal);
  facets.live[ordinal] = 1;
  facets.years[ordinal] = paper.year ?? 0;
  const venue = paper.venue?.trim();
  if (venue) {
    let id = venueIds.get(venue);
    if (id === undefined) {
      const key = foldName(venue);
      id = facets.venues.findIndex((v) => v.key === key);
      if (id === -1) id = facets.venues.push({ text: venue, key, papers: 0, venue: venueKey(venue) }) - 1;
      venueIds.set(venue, id);
    }
    facets.venues[id]!.papers++;
    facets.venueOf[ordinal] = id;
  }
  let authors: AuthorFacet[] | undefined;
  for (const written of paper.authors) {
    let author = spellings.get(written);
    if (author === undefined) {
      const key = foldName(written);
      author = key === '' ? null : (facets.authors.get(key) ?? null);
      if (key !== '' && author === null) {
        author = { text: written.trim(), key, papers: 0, words: key.split(' ') };
        facets.authors.set(key, author);
      }
      spellings.set(written, author);
    }
    if (author === null) continue;
    author.papers++;
    (authors ??= []).push(author);
    for (const word of author.words) {
      const list = facets.authorWords.get(word);
      if (!list) facets.authorWords.set(word, [ordinal]);
      else if (list[list.length - 1] !== ordinal) insertSorted(list, ordinal);
    }
  }
  facets.authorsOf[ordinal] = authors;
}

function remove(facets: PaperFacets, ordinal: number): void {
  facets.live[ordinal] = 0;
  const venue = facets.venueOf[ordinal]!;
  if (venue >= 0) facets.venues[venue]!.papers--;
  for (const author of facets.authorsOf[ordinal] ?? []) author.papers--;
  facets.venueOf[ordinal] = -1;
  facets.authorsOf[ordinal] = undefined;
}

/** Ordinals are added in order, except a paper re-added after a removal: kept ascending either way. */
function insertSorted(list: number[], ordinal: number): void {
  if (list[list.length - 1]! < ordinal) list.push(ordinal);
  else if (!list.includes(ordinal)) {
    list.push(ordinal);
    list.sort((a, b) => a - b);
  }
}

function grow(facets: PaperFacets, size: number): void {
  if (size <= facets.size) return;
  const live = new Uint8Array(size);
  live.set(facets.live);
  const years = new Int16Array(size);
  years.set(facets.years);
  const venueOf = new Int32Array(size).fill(-1);
  venueOf.set(facets.venueOf);
  Object.assign(facets, { size, live, years, venueOf });
}

export function compare(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}
