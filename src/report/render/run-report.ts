import { REPORT_STATES, type DetailedRunReport, type RunReportSummary } from '../run-report.js';
import { renderAstropyTable } from './astropy-table.js';

const SUMMARY_HEADERS = ['X', 'STATE', '%S', 'ID', 'OPERATOR', 'PROJECT', 'CAMPAIGN', 'PAYLOAD', 'RUN'];

function summaryRow(s: RunReportSummary): string[] {
  return [s.flag, s.state, String(s.percentSucceeded), s.id, s.operator, s.project, s.campaign, s.payload, s.run];
}

/** `bps report`: one row per run, sorted by ID as ctrl_bps does. */
export function renderRunSummaries(runs: readonly RunReportSummary[]): string {
  return renderAstropyTable(SUMMARY_HEADERS, [...runs].sort((a, b) => a.id.localeCompare(b.id)).map(summaryRow));
}

/** `bps report --id RUN`: the summary row, the path, the per-label state table, then the failed jobs. */
export function renderDetailedReport(report: DetailedRunReport): string {
  const stateRow = (label: string, counts: Readonly<Record<string, number>>, expected: number) => [label, ...REPORT_STATES.map((s) => String(counts[s] ?? 0)), String(expected)];
  const table = renderAstropyTable(
    ['', ...REPORT_STATES, 'EXPECTED'],
    [stateRow('TOTAL', report.total.counts, report.total.expected), ...report.labels.map((l) => stateRow(l.label, l.counts, l.expected))],
    { leftColumns: [0], rules: [0] },
  );
  const parts = [renderRunSummaries([report.summary]), '\n', `Path: ${report.summary.path}`, '', table];
  if (report.failedJobs.length > 0) {
    parts.push('', 'Failed jobs:');
    for (const job of report.failedJobs) {
      parts.push(`  ${job.label} ${job.name}: exit code ${job.exitCode ?? 'none'} after ${job.attempt} attempt(s)${job.reason ? ` (${job.reason})` : ''}`, `    log: ${job.log}`);
    }
  }
  return parts.join('\n');
}
