import type { Paper, PaperLink, PaperTag } from './paper.js';
import { identifierKey } from './paper-identifiers.js';
import { SAME_WORK_RULES, firstKeys, workKeys, type SameWorkRule } from './same-work.js';

/** One paper of a merge: its own id, where it came from, and the rule that joined it (null for the first). */
export interface MergedPaper {
  id: string;
  source: Paper['source'];
  rule: SameWorkRule | null;
}

/** Papers found to be one work: the merged paper keeps the id and source of the first. */
export interface WorkMerge {
  id: string;
  title: string;
  /** The paper whose id the merge keeps (rule null: the earliest seen, else the first in corpus order), then the others in corpus order. */
  papers: MergedPaper[];
}

export interface MergeOptions {
  /** Corpus order of two sources (file, then line); the first paper of a work names it. */
  compareSources?: (a: Paper['source'], b: Paper['source']) => number;
  /** Paper id → ids it must never be merged with (a sidecar's `distinct`); either side may say it. */
  distinct?: ReadonlyMap<string, readonly string[]>;
  /**
   * When this deployment first saw a paper id (ISO), if it did: the work keeps the id of its earliest-seen
   * paper, so a paper joining a work never renames it; papers never seen come after, in corpus order.
   */
  firstSeen?: (id: string) => string | undefined;
}

export interface MergedCorpus {
  /** The papers in their given order, each work once, at the place of the paper whose id it keeps. */
  papers: Paper[];
  /** Every merge, in the order of the merged papers. */
  merges: WorkMerge[];
}

const RULE_RANK = new Map(SAME_WORK_RULES.map((rule, i) => [rule, i] as const));

function defaultCompare(a: Paper['source'], b: Paper['source']): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line;
}

/**
 * Merges the papers that are the same work ({@link workKeys}: the same DOI, the same arXiv id in any version,
 * the same normalised title with the same first author, or in the same venue and year) into one paper
 * ({@link mergeWork}), unless a `distinct` pair keeps two apart. Keys are hashed, so the cost grows with the
 * number of papers, not its square; the result is the same whatever the order of `papers`.
 * @example mergeSameWorks([bibPaper, pdfPaper]).merges // [{ id: 'he2022', papers: [{ id: 'he2022', rule: null }, { id: 'mae-…', rule: 'arxiv' }] }]
 */
export function mergeSameWorks(papers: readonly Paper[], options: MergeOptions = {}): MergedCorpus {
  const compareSources = options.compareSources ?? defaultCompare;
  const order = (a: number, b: number) =>
    compareSources(papers[a]!.source, papers[b]!.source) || (papers[a]!.id < papers[b]!.id ? -1 : 1);

  // First pass, over every paper: identifiers and folded titles only, one number per key (a large corpus
  // makes 100,000s of them; objects per key would cost more in garbage collection than the rest).
  const firstOf = new Map<string, number>();
  const candidates = new Set<number>();
  papers.forEach((paper, i) => {
    for (const key of firstKeys(paper)) {
      const first = firstOf.get(key);
      if (first === undefined) firstOf.set(key, i);
      else if (first !== i) candidates.add(first).add(i);
    }
  });
  if (candidates.size === 0) return { papers: [...papers], merges: [] };
  // Then the full keys of the few papers that share one.
  const buckets = new Map<string, { rule: SameWorkRule; members: number[] }>();
  for (const i of [...candidates].sort((a, b) => a - b)) {
    for (const { rule, key } of workKeys(papers[i]!)) {
      const bucket = buckets.get(key);
      if (bucket) {
        if (bucket.members.at(-1) !== i) bucket.members.push(i);
      } else buckets.set(key, { rule, members: [i] });
    }
  }
  const shared = [...buckets.entries()].filter(([, b]) => b.members.length > 1);
  if (shared.length === 0) return { papers: [...papers], merges: [] };
  // Strongest rule first, then key order: which `distinct` pair blocks which join never depends on input order.
  shared.sort(
    ([ka, a], [kb, b]) => RULE_RANK.get(a.rule)! - RULE_RANK.get(b.rule)! || (ka < kb ? -1 : ka > kb ? 1 : 0),
  );

  const apart = distinctPairs(options.distinct);
  const parent = new Map<number, number>();
  const members = new Map<number, number[]>();
  const root = (i: number): number => {
    let r = i;
    while (parent.has(r)) r = parent.get(r)!;
    return r;
  };
  const kept = (x: number[], y: number[]) =>
    apart.size > 0 && x.some((i) => y.some((j) => apart.has(`${papers[i]!.id}\n${papers[j]!.id}`)));
  /** Whether a and b are one work now. */
  const join = (a: number, b: number): boolean => {
    const [ra, rb] = [root(a), root(b)];
    if (ra === rb) return true;
    const [ma, mb] = [members.get(ra) ?? [ra], members.get(rb) ?? [rb]];
    if (kept(ma, mb)) return false;
    parent.set(rb, ra);
    members.set(ra, [...ma, ...mb]);
    members.delete(rb);
    return true;
  };
  for (const [, bucket] of shared) {
    const sorted = [...bucket.members].sort(order);
    // Each joins the earliest paper of the key it may join (a `distinct` pair may forbid the first).
    for (let k = 1; k < sorted.length; k++) for (let j = 0; j < k && !join(sorted[j]!, sorted[k]!); j++);
  }

  const mergedAt = new Map<number, Paper>();
  const dropped = new Set<number>();
  const merges: WorkMerge[] = [];
  const seen = options.firstSeen;
  const named = (a: number, b: number): number => {
    const [x, y] = [seen?.(papers[a]!.id), seen?.(papers[b]!.id)];
    if (x !== y) return x === undefined ? 1 : y === undefined ? -1 : x < y ? -1 : 1;
    return order(a, b);
  };
  for (const group of members.values()) {
    // The paper that names the work first, then the others in corpus order.
    group.sort(order);
    const name = group.reduce((best, i) => (named(i, best) < 0 ? i : best));
    group.splice(group.indexOf(name), 1);
    group.unshift(name);
    const groupRoot = root(group[0]!);
    const ruleOf = (i: number): SameWorkRule => {
      let best: SameWorkRule | undefined;
      for (const { rule, key } of workKeys(papers[i]!)) {
        const others = buckets.get(key)!.members.some((j) => j !== i && root(j) === groupRoot);
        if (others && (best === undefined || RULE_RANK.get(rule)! < RULE_RANK.get(best)!)) best = rule;
      }
      return best!;
    };
    const list: MergedPaper[] = group.map((i, k) => ({
      id: papers[i]!.id,
      source: papers[i]!.source,
      rule: k === 0 ? null : ruleOf(i),
    }));
    const paper = mergeWork(
      group.map((i) => papers[i]!),
      list.slice(1).map((m) => m.rule!),
    );
    mergedAt.set(group[0]!, paper);
    for (const i of group.slice(1)) dropped.add(i);
    merges.push({ id: paper.id, title: paper.title, papers: list });
  }
  const out: Paper[] = [];
  papers.forEach((paper, i) => {
    if (!dropped.has(i)) out.push(mergedAt.get(i) ?? paper);
  });
  const position = new Map([...mergedAt.entries()].map(([i, paper]) => [paper.id, i] as const));
  merges.sort((a, b) => position.get(a.id)! - position.get(b.id)!);
  return { papers: out, merges };
}

function distinctPairs(distinct: MergeOptions['distinct']): Set<string> {
  const pairs = new Set<string>();
  for (const [id, others] of distinct ?? []) {
    for (const other of others) pairs.add(`${id}\n${other}`).add(`${other}\n${id}`);
  }
  return pairs;
}

/**
 * One paper made of papers that are the same work, given in corpus order with the rule that joined each
 * after the first: the first's id, source and title; the richest text (a PDF's paged text over an abstract,
 * else the longest) with its pages; the longest author list; the first year, venue and topic stated; every
 * tag; every link (the text's own first, so a page link opens the right PDF), a search link only when there
 * is no other; and the others' ids and sources under `merged`.
 * @example mergeWork([bibPaper, pdfPaper], ['arxiv']).text === pdfPaper.text // true
 */
export function mergeWork(papers: readonly Paper[], rules: readonly SameWorkRule[]): Paper {
  const [first, ...rest] = papers;
  if (first === undefined) throw new Error('mergeWork: no papers');
  let richest = first;
  for (const paper of rest) if (richer(paper, richest)) richest = paper;
  let authors = first.authors;
  for (const paper of rest) if (paper.authors.length > authors.length) authors = paper.authors;
  const stated = <T>(pick: (p: Paper) => T | null): T | null => {
    for (const paper of papers) {
      const value = pick(paper);
      if (value !== null) return value;
    }
    return null;
  };
  const merged = [
    ...(first.merged ?? []),
    ...rest.flatMap((paper, k) => [
      { id: paper.id, source: paper.source, rule: rules[k] ?? 'title-author' },
      ...(paper.merged ?? []),
    ]),
  ];
  return {
    id: first.id,
    title: first.title,
    text: richest.text,
    topic: stated((p) => p.topic),
    authors,
    year: stated((p) => p.year),
    venue: stated((p) => p.venue),
    tags: mergeTags(papers.map((p) => p.tags)),
    moreTags: Math.max(...papers.map((p) => p.moreTags)),
    links: mergeLinks([richest, ...papers.filter((p) => p !== richest)]),
    source: first.source,
    pageStarts: richest.pageStarts,
    firstSeen: earliest(papers.map((p) => p.firstSeen)),
    merged,
  };
}

/** The earliest of ISO times, or null when none is known. */
function earliest(times: ReadonlyArray<string | null>): string | null {
  let first: string | null = null;
  for (const time of times) if (time !== null && (first === null || time < first)) first = time;
  return first;
}

/** Paged text (a PDF's) beats unpaged text (an abstract); then the longer text wins. */
function richer(a: Paper, b: Paper): boolean {
  const [pa, pb] = [a.pageStarts === null ? 0 : 1, b.pageStarts === null ? 0 : 1];
  return pa !== pb ? pa > pb : a.text.length > b.text.length;
}

/**
 * Every link once: one per URL, and one arXiv link per arXiv id (`abs/1301.3666` over `abs/1301.3666v2`:
 * the work, not one version of it), in the papers' order.
 */
function mergeLinks(papers: readonly Paper[]): PaperLink[] {
  const at = new Map<string, number>();
  const links: PaperLink[] = [];
  for (const link of papers.flatMap((p) => p.links)) {
    if (link.kind === 'search' || at.has(link.url)) continue;
    const key = link.kind === 'arxiv' ? identifierKey(link.url) : undefined;
    const same = key === undefined ? undefined : at.get(key);
    if (same !== undefined) {
      if (/v\d+$/.test(links[same]!.url) && !/v\d+$/.test(link.url)) links[same] = link;
      continue;
    }
    at.set(link.url, links.length);
    if (key !== undefined) at.set(key, links.length);
    links.push(link);
  }
  return links.length > 0 ? links : [papers[0]!.links[0]!];
}

function mergeTags(lists: ReadonlyArray<readonly PaperTag[]>): PaperTag[] {
  const seen = new Set<string>();
  const tags: PaperTag[] = [];
  for (const tag of lists.flat()) {
    const key = tag.path.join('\n');
    if (seen.has(key)) continue;
    seen.add(key);
    tags.push(tag);
  }
  return tags;
}
