import { REPORT_STATES, type DetailedRunReport, type RunReportSummary } from '../run-report.js';
import { renderAstropyTable } from './astropy-table.js';
import { renderResources } from './resources-table.js';

const SUMMARY_HEADERS = ['X', 'STATE', '%S', 'ID', 'OPERATOR', 'PROJECT', 'CAMPAIGN', 'PAYLOAD', 'RUN'];

function summaryRow(s: RunReportSummary): string[] {
  return [s.flag, s.state, String(s.percentSucceeded), s.id, s.operator, s.project, s.campaign, s.payload, s.run];
}

/** `bps report`: one row per run, in the order given (newest first, as `--json` lists them). */
export function renderRunSummaries(runs: readonly RunReportSummary[]): string {
  return renderAstropyTable(SUMMARY_HEADERS, runs.map(summaryRow));
}

/** `bps report --id RUN`: the summary row, the path, the per-label state table, then the failed jobs. */
export function renderDetailedReport(report: DetailedRunReport): string {
  const stateRow = (label: string, counts: Readonly<Record<string, number>>, expected: number) => [label, ...REPORT_STATES.map((s) => String(counts[s] ?? 0)), String(expected)];
  const table = renderAstropyTable(
    ['', ...REPORT_STATES, 'EXPECTED'],
    [stateRow('TOTAL', report.total.counts, report.total.expected), ...report.labels.map((l) => stateRow(l.label, l.counts, l.expected))],
    { leftColumns: [0], rules: [0] },
  );
  const parts = [renderRunSummaries([report.summary]), '\n', `Path: ${report.summary.path}`, '', table, '', renderResources(report.resources)];
  if (report.failureGroups.length > 0) {
    parts.push('', 'Failures by label and exit code:');
    for (const group of report.failureGroups) {
      const ids = group.dataIds.slice(0, 10).map(formatDataId).join('; ');
      parts.push(
        `  ${group.label}, exit code ${group.exitCode ?? 'none'}: ${group.count} job(s)`,
        `    data IDs: ${ids}${group.dataIds.length > 10 ? `; … ${group.dataIds.length - 10} more` : ''}`,
        `    last lines of ${group.log}:`,
        ...(group.logTail.length > 0 ? group.logTail.map((line) => `      | ${line}`) : ['      (empty)']),
      );
    }
  }
  if (report.failedJobs.length > 0) {
    parts.push('', 'Failed jobs:');
    for (const job of report.failedJobs) {
      parts.push(`  ${job.label} ${job.name}: exit code ${job.exitCode ?? 'none'} after ${job.attempt} attempt(s)${job.reason ? ` (${job.reason})` : ''}`, `    log: ${job.log}`);
    }
  }
  return parts.join('\n');
}

/** `{visit: 159471, detector: 94}` → `visit=159471, detector=94`; none for init/final jobs. */
export function formatDataId(dataId: unknown): string {
  if (dataId === null || typeof dataId !== 'object') return '(none)';
  return Object.entries(dataId as Record<string, unknown>).map(([key, value]) => `${key}=${String(value)}`).join(', ');
}
