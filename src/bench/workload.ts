import { z } from 'zod';

/** `question` and `title-lookup` go to `ask`; `prefix` goes to `suggest`. */
export const QUERY_KINDS = ['question', 'title-lookup', 'prefix'] as const;
export type QueryKind = (typeof QUERY_KINDS)[number];

const QueryLineSchema = z.object({
  _id: z.string().min(1),
  text: z.string(),
  kind: z.enum(QUERY_KINDS),
  /** The paper a lookup or prefix is after; accuracy is only scored where it is given. */
  paper: z.string().min(1).optional(),
});

export interface BenchQuery {
  id: string;
  text: string;
  kind: QueryKind;
  paper: string | null;
}

/**
 * Parses a workload file: JSON Lines `{"_id","text","kind","paper"?}`, blank lines ignored.
 * Throws on the first bad line, naming the file and line: a workload that is half read would
 * give figures that look valid and are not.
 * @example parseWorkload('{"_id":"q1","text":"Atten","kind":"prefix","paper":"p9"}', 'q.jsonl')
 */
export function parseWorkload(text: string, file: string): BenchQuery[] {
  const queries: BenchQuery[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    const where = `bench: ${file}:${index + 1}`;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new Error(`${where}: not JSON: ${JSON.stringify(line.slice(0, 80))}`);
    }
    const parsed = QueryLineSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`${where}: ${issue?.path.join('.') || 'line'}: ${issue?.message ?? 'invalid'}`);
    }
    const { _id, text: queryText, kind, paper } = parsed.data;
    if (seen.has(_id)) throw new Error(`${where}: duplicate _id ${JSON.stringify(_id)}`);
    seen.add(_id);
    queries.push({ id: _id, text: queryText, kind, paper: paper ?? null });
  });
  if (queries.length === 0) throw new Error(`bench: ${file}: no queries`);
  return queries;
}

/** Whether a query is served by `ask` (questions and title lookups) rather than `suggest`. */
export function goesToAsk(query: Pick<BenchQuery, 'kind'>): boolean {
  return query.kind !== 'prefix';
}

/**
 * The questions a burst fires at once: the workload's questions first, then its title lookups,
 * repeated only when the workload has fewer ask queries than the burst size.
 */
export function burstTexts(queries: readonly BenchQuery[], size: number): string[] {
  const asks = [...queries.filter((q) => q.kind === 'question'), ...queries.filter((q) => q.kind === 'title-lookup')];
  if (asks.length === 0) return [];
  return Array.from({ length: size }, (_, i) => asks[i % asks.length]!.text);
}
