import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Judgments } from '../../core/eval/retrieval-metrics.js';

/** One query of a BEIR `queries.jsonl`. */
export interface BeirQuery {
  id: string;
  text: string;
}

/**
 * Reads BEIR queries: JSON Lines `{"_id","text"}`. Throws naming the file and line on a malformed line,
 * since an evaluation over half the queries would mislead.
 */
export async function readBeirQueries(path: string): Promise<BeirQuery[]> {
  const name = basename(path);
  const queries: BeirQuery[] = [];
  (await readFile(path, 'utf8')).split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`beir: ${name}:${i + 1}: not JSON: ${JSON.stringify(line.slice(0, 60))}`);
    }
    const { _id: id, text } = (value ?? {}) as { _id?: unknown; text?: unknown };
    if ((typeof id !== 'string' && typeof id !== 'number') || typeof text !== 'string') {
      throw new Error(`beir: ${name}:${i + 1}: expected {"_id","text"}, got ${JSON.stringify(line.slice(0, 60))}`);
    }
    queries.push({ id: String(id), text });
  });
  return queries;
}

/** Reads BEIR qrels: tab-separated `query-id corpus-id score` with a header line. */
export async function readBeirQrels(path: string): Promise<Map<string, Judgments>> {
  const name = basename(path);
  const judgments = new Map<string, Map<string, number>>();
  (await readFile(path, 'utf8')).split('\n').forEach((line, i) => {
    if (line.trim() === '' || (i === 0 && /^query-id\t/.test(line))) return;
    const [query, doc, grade] = line.trimEnd().split('\t');
    const value = Number(grade);
    if (!query || !doc || grade === undefined || !Number.isFinite(value)) {
      throw new Error(
        `beir: ${name}:${i + 1}: expected "query-id<TAB>corpus-id<TAB>score", got ${JSON.stringify(line)}`,
      );
    }
    const judged = judgments.get(query) ?? new Map<string, number>();
    judged.set(doc, value);
    judgments.set(query, judged);
  });
  return judgments;
}
