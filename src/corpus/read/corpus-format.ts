import { basename } from 'node:path';

/** The paper formats the corpus reads; `sidecar` files carry metadata for a paper file beside them. */
export type CorpusFormat = 'text' | 'jsonl' | 'markdown' | 'pdf' | 'bibtex';

interface FormatRule {
  suffix: string;
  format: CorpusFormat;
}

// Longest suffix first, so `.jsonl.gz` wins over a bare `.gz`.
const FORMAT_RULES: readonly FormatRule[] = [
  { suffix: '.jsonl.gz', format: 'jsonl' },
  { suffix: '.ndjson.gz', format: 'jsonl' },
  { suffix: '.jsonl', format: 'jsonl' },
  { suffix: '.ndjson', format: 'jsonl' },
  { suffix: '.markdown', format: 'markdown' },
  { suffix: '.md', format: 'markdown' },
  { suffix: '.txt', format: 'text' },
  { suffix: '.pdf', format: 'pdf' },
  { suffix: '.bib', format: 'bibtex' },
];

const SIDECAR_SUFFIXES = ['.meta.json', '.meta.yaml', '.meta.yml'] as const;

export type FileKind =
  | { kind: 'paper'; format: CorpusFormat; stem: string }
  | { kind: 'sidecar'; stem: string; syntax: 'json' | 'yaml' }
  | { kind: 'unknown' };

/**
 * What a corpus file is, from its name: a paper file (with its stem, `NAME` of `NAME.jsonl.gz`), a metadata
 * sidecar (`NAME.meta.json|yaml`, whose stem names the paper file it describes), or unknown.
 */
export function classifyFile(file: string): FileKind {
  const name = basename(file);
  const lower = name.toLowerCase();
  for (const suffix of SIDECAR_SUFFIXES) {
    if (lower.endsWith(suffix) && lower.length > suffix.length) {
      return {
        kind: 'sidecar',
        stem: name.slice(0, -suffix.length),
        syntax: suffix === '.meta.json' ? 'json' : 'yaml',
      };
    }
  }
  for (const rule of FORMAT_RULES) {
    if (lower.endsWith(rule.suffix) && lower.length > rule.suffix.length) {
      return { kind: 'paper', format: rule.format, stem: name.slice(0, -rule.suffix.length) };
    }
  }
  return { kind: 'unknown' };
}
