import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatCorpusProblem } from '../../src/core/paper/format-corpus-problem.js';
import {
  CORPUS_REPORT_FILE,
  corpusReportPath,
  loadCorpusReport,
  saveCorpusReport,
} from '../../src/corpus/corpus-report.js';
import { openIndex, refreshSnapshot } from '../../src/corpus/open-index.js';
import { corpusFingerprint } from '../../src/corpus/read/load-corpus.js';
import { snapshotPath } from '../../src/corpus/snapshot.js';
import { tempCorpus } from './temp-corpus.js';

const GOOD =
  '{"_id":"zebra","title":"Zebra Stripes as Camouflage","text":"We measure how zebra stripes confuse flies."}\n';

describe('corpus report', () => {
  it('reads back what it wrote, only for the fingerprint it was written for', async () => {
    const root = await tempCorpus({});
    const snapshot = join(root, 'index-x.snapshot');
    const report = {
      fingerprint: 'f1',
      problems: [{ file: 'a.jsonl', line: 2, message: 'not JSON: "{oops"' }],
      warnings: [{ file: 'notes.docx', line: 0, message: 'unknown file type; skipped' }],
    };
    await saveCorpusReport(snapshot, report);
    expect(await loadCorpusReport(snapshot, 'f1')).toEqual(report);
    expect(await loadCorpusReport(snapshot, 'f2')).toBeUndefined();
    const json = JSON.parse(await readFile(corpusReportPath(snapshot), 'utf8')) as { version: number };
    expect(json.version).toBe(CORPUS_REPORT_FILE.version);
    await writeFile(corpusReportPath(snapshot), JSON.stringify({ ...json, version: 99 }));
    expect(await loadCorpusReport(snapshot, 'f1')).toBeUndefined();
    await writeFile(corpusReportPath(snapshot), '{ cut sh');
    expect(await loadCorpusReport(snapshot, 'f1')).toBeUndefined();
  });

  it('gives a start from the snapshot the problems and warnings of the read that wrote it', async () => {
    const root = await tempCorpus({ 'corpus/good.jsonl': `${GOOD}{oops\n`, 'corpus/notes.docx': 'x' });
    const options = { corpus: join(root, 'corpus'), dataDir: join(root, 'data') };
    const built = await openIndex(options);
    expect(built.source).toBe('built');
    expect(built.problems.map(formatCorpusProblem)).toEqual([expect.stringMatching(/^corpus: good\.jsonl:2: /)]);
    expect(built.warnings).toEqual([{ file: 'notes.docx', line: 0, message: 'unknown file type; skipped' }]);

    const loaded = await openIndex(options);
    expect(loaded.source).toBe('snapshot');
    expect(loaded.problems).toEqual(built.problems);
    expect(loaded.warnings).toEqual(built.warnings);
  });

  it('reads the corpus again when the snapshot has no report for its fingerprint', async () => {
    const root = await tempCorpus({ 'corpus/good.jsonl': `${GOOD}{oops\n` });
    const options = { corpus: join(root, 'corpus'), dataDir: join(root, 'data') };
    const built = await openIndex(options);
    await writeFile(corpusReportPath(snapshotPath(options.dataDir, options.corpus)), 'not a report');
    const again = await openIndex(options);
    expect(again).toMatchObject({ source: 'built', staleReason: 'no corpus report for this snapshot' });
    expect(again.problems).toEqual(built.problems);
  });

  it('keeps the problems as a live reload left them, for the next start', async () => {
    const root = await tempCorpus({ 'corpus/good.jsonl': `${GOOD}{oops\n` });
    const corpus = join(root, 'corpus');
    const options = { corpus, dataDir: join(root, 'data') };
    const { index } = await openIndex(options);
    // The bad line is fixed; the live corpus then holds no problem, and the refresh says so.
    await writeFile(join(corpus, 'good.jsonl'), GOOD);
    const fingerprint = await corpusFingerprint(corpus);
    await refreshSnapshot({ ...options, index, fingerprint, report: { problems: [], warnings: [] } });
    const next = await openIndex(options);
    expect(next).toMatchObject({ source: 'snapshot', problems: [], warnings: [] });
  });
});
