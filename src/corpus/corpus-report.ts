import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { CorpusProblem } from '../core/paper/paper.js';
import { writeAtomically } from './snapshot.js';

/**
 * The corpus report kept next to a snapshot: what the last full read of the corpus found wrong
 * (problems) or skipped (warnings), so a start that loads the snapshot reports them as the read did.
 */
export const CORPUS_REPORT_FILE = { suffix: '.report.json', version: 1 } as const;

export interface CorpusReport {
  /** The corpus fingerprint the report describes; a report for another is not used. */
  fingerprint: string;
  problems: CorpusProblem[];
  warnings: CorpusProblem[];
}

const problemSchema = z.object({ file: z.string(), line: z.number().int().min(0), message: z.string() });
const reportSchema = z.object({
  version: z.literal(CORPUS_REPORT_FILE.version),
  fingerprint: z.string(),
  problems: z.array(problemSchema),
  warnings: z.array(problemSchema),
});

/** The report file next to the snapshot at `snapshot`. */
export function corpusReportPath(snapshot: string): string {
  return `${snapshot}${CORPUS_REPORT_FILE.suffix}`;
}

/** Writes `report` next to the snapshot at `snapshot`, atomically. */
export async function saveCorpusReport(snapshot: string, report: CorpusReport): Promise<void> {
  const json = JSON.stringify({ version: CORPUS_REPORT_FILE.version, ...report });
  await writeAtomically(corpusReportPath(snapshot), [Buffer.from(`${json}\n`)]);
}

/**
 * The report next to the snapshot at `snapshot` when it was written for `fingerprint`; undefined when
 * there is none, it is for another corpus state, or it is not one this version reads (the report is a
 * cache of the last read, like the snapshot: such a one means the corpus is read again).
 * @example await loadCorpusReport(snapshotPath('data', 'corpus'), fingerprint) // { fingerprint, problems: [], warnings: [] }
 */
export async function loadCorpusReport(snapshot: string, fingerprint: string): Promise<CorpusReport | undefined> {
  const text = await readFile(corpusReportPath(snapshot), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = reportSchema.safeParse(json);
  if (!parsed.success || parsed.data.fingerprint !== fingerprint) return undefined;
  const { problems, warnings } = parsed.data;
  return { fingerprint, problems, warnings };
}
