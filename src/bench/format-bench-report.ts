import type { EngineName } from './bench-engine.js';
import { COMPARED_FIGURES, type BenchReport, type ComparedFigure } from './bench-report.js';
import { formatFilteredFigures } from './format-filtered-figures.js';

const LABELS: Record<ComparedFigure, string> = {
  build_s: 'build (s)',
  build_stall_ms: 'longest stall, build (ms)',
  snapshot_mb: 'snapshot (MB)',
  load_s: 'snapshot load (s)',
  rss_mb: 'RSS after load (MB)',
  ask_p50_ms: 'ask p50 (ms)',
  ask_p95_ms: 'ask p95 (ms)',
  ask_p99_ms: 'ask p99 (ms)',
  suggest_p50_ms: 'suggest p50 (ms)',
  suggest_p95_ms: 'suggest p95 (ms)',
  suggest_p99_ms: 'suggest p99 (ms)',
  max_stall_ms: 'longest stall, burst (ms)',
  'lookup_hit@5': 'lookup hit@5',
  suggest_hit: 'suggest hit',
};

const show = (value: number | null | undefined): string =>
  value === null || value === undefined || Number.isNaN(value) ? '–' : String(value);

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)));
  return rows
    .map((row) =>
      row.map((cell, col) => (col === 0 ? cell.padEnd(widths[col]!) : cell.padStart(widths[col]!))).join('  '),
    )
    .join('\n');
}

/** The bench report as a reader wants it on a terminal: one comparison table, targets, growth. */
export function formatBenchReport(report: BenchReport): string {
  const baselines = (['minisearch', 'fts5'] as const).filter((name) => report.baselines[name]);
  const queries = Object.entries(report.run.queries)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ');
  const lines = [
    `paperboy bench: ${report.papers} papers, ${report.chunks} chunks; ${queries}`,
    report.run.isolated
      ? 'each engine built, loaded and served in processes of its own; ratios are Paperboy ÷ baseline'
      : 'in-process run (memory figures include the bench itself); ratios are Paperboy ÷ baseline',
    `machine: ${report.run.cpus} CPUs, 1-minute load average ${report.run.load_average} at the start, ` +
      `${report.run.load_average_max} at the busiest (timings stretch when it exceeds the CPUs)`,
    '',
  ];
  const header = ['', 'paperboy', ...baselines, ...baselines.map((name) => `÷ ${name}`)];
  const rows = COMPARED_FIGURES.map((key) => [
    LABELS[key],
    show(report[key]),
    ...baselines.map((name) => show(report.baselines[name]?.[key])),
    ...baselines.map((name) => show(report.baselines[name]?.paperboy_ratio[key])),
  ]);
  lines.push(table([header, ...rows]));
  lines.push('', `burst: ${report.run.burst_size} questions at once, all answered in ${report.burst_ms} ms`);
  lines.push(`accuracy scored on ${report.lookups_scored} title lookups and ${report.prefixes_scored} prefixes`);

  lines.push('', 'targets for the 87,679-paper corpus (speed, load time, memory, stall, lookup accuracy):');
  for (const [rule, met] of Object.entries(report.targets)) lines.push(`  ${met ? 'met    ' : 'NOT met'}  ${rule}`);

  lines.push(...formatFilteredFigures(report));

  if (report.growth) {
    const { papers, engines } = report.growth;
    lines.push('', `growth with corpus size (papers: ${papers.join(' → ')})`);
    const names = Object.keys(engines) as EngineName[];
    const growthRows = COMPARED_FIGURES.map((key) => [
      LABELS[key],
      ...names.map((name) => engines[name]![key].map(show).join(' → ')),
    ]);
    lines.push(table([['', ...names], ...growthRows]));
  }

  if (report.misses) {
    lines.push('', `paperboy missed ${report.misses.length} scored lookups and prefixes:`);
    for (const miss of report.misses) {
      const got = miss.returned.slice(0, 3).join(', ') || 'nothing';
      lines.push(`  ${miss.id} ${miss.kind} ${JSON.stringify(miss.text)}: wanted ${miss.paper}, got ${got}`);
    }
  }

  lines.push('', 'engines:', `  paperboy: ${report.description}`);
  for (const name of baselines) lines.push(`  ${name}: ${report.baselines[name]!.description}`);
  return lines.join('\n');
}
