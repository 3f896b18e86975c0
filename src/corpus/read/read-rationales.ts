import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { RationaleClaim } from '../../core/eval/rationale-metrics.js';

function jsonLines(text: string, name: string): unknown[] {
  const values: unknown[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      values.push(JSON.parse(line));
    } catch {
      throw new Error(`rationales: ${name}:${i + 1}: not JSON: ${JSON.stringify(line.slice(0, 60))}`);
    }
  });
  return values;
}

/**
 * Reads SciFact claims (`{"id","claim","evidence":{"<doc_id>":[{"sentences":[i,…],"label"}]}}`), one per
 * line; a claim's rationale sentences of one abstract are merged. Throws naming the file and line on a bad line.
 */
export async function readRationaleClaims(path: string): Promise<RationaleClaim[]> {
  const name = basename(path);
  return jsonLines(await readFile(path, 'utf8'), name).map((value, i) => {
    const { id, claim, evidence } = (value ?? {}) as { id?: unknown; claim?: unknown; evidence?: unknown };
    if ((typeof id !== 'number' && typeof id !== 'string') || typeof claim !== 'string') {
      throw new Error(`rationales: ${name}: claim ${i + 1}: expected {"id","claim","evidence"}`);
    }
    const byDoc = new Map<string, Set<number>>();
    for (const [doc, sets] of Object.entries((evidence ?? {}) as Record<string, unknown>)) {
      const sentences = new Set<number>();
      for (const set of Array.isArray(sets) ? sets : []) {
        for (const s of (((set ?? {}) as { sentences?: unknown }).sentences as unknown[] | undefined) ?? []) {
          if (typeof s === 'number') sentences.add(s);
        }
      }
      byDoc.set(doc, sentences);
    }
    return { id: String(id), claim, evidence: byDoc };
  });
}

/** Reads SciFact's sentence-split abstracts (`{"doc_id","title","abstract":[sentences…]}`): doc id → sentences. */
export async function readRationaleSentences(path: string): Promise<Map<string, string[]>> {
  const name = basename(path);
  const docs = new Map<string, string[]>();
  for (const value of jsonLines(await readFile(path, 'utf8'), name)) {
    const { doc_id: id, abstract } = (value ?? {}) as { doc_id?: unknown; abstract?: unknown };
    if ((typeof id !== 'number' && typeof id !== 'string') || !Array.isArray(abstract)) {
      throw new Error(
        `rationales: ${name}: expected {"doc_id","abstract":[…]}, got ${JSON.stringify(value).slice(0, 60)}`,
      );
    }
    docs.set(
      String(id),
      abstract.map((s) => String(s)),
    );
  }
  return docs;
}
