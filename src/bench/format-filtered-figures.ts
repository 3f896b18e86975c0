import type { BenchReport } from './bench-report.js';

/** The filtered-question and follow-up figures of a bench report, as lines (none when it has neither). */
export function formatFilteredFigures(report: BenchReport): string[] {
  const lines: string[] = [];
  const { filtered, follow_ups: followUps } = report;
  if (filtered) {
    lines.push(
      '',
      `filtered questions (each question's top paper lends its first author, venue and year): ${filtered.questions}`,
      `  ask p50 ${filtered.filtered_ask_p50_ms} ms, p99 ${filtered.filtered_ask_p99_ms} ms ` +
        `(unfiltered: p50 ${report.ask_p50_ms} ms, p99 ${report.ask_p99_ms} ms)`,
    );
    for (const [kind, figures] of Object.entries(filtered.by_kind)) {
      lines.push(`  ${kind.padEnd(10)} ${figures.count} questions: p50 ${figures.p50_ms} ms, p99 ${figures.p99_ms} ms`);
    }
    lines.push(
      `  facets built on first use in ${filtered.facets_s} s; papers failing their filter: ${filtered.violations}; ` +
        `top paper kept first: ${filtered.top_kept}`,
    );
  }
  if (followUps) {
    lines.push(
      '',
      `follow-ups (each question, then a follow-up such as "what dataset does it use?"): ${followUps.questions}`,
      `  standalone p50 ${followUps.standalone_p50_ms} ms, p99 ${followUps.standalone_p99_ms} ms; ` +
        `follow-up p50 ${followUps.followup_p50_ms} ms, p99 ${followUps.followup_p99_ms} ms ` +
        `(${followUps.scoped} read as follow-ups)`,
    );
  }
  return lines;
}
