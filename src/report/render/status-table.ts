import Table from 'cli-table3';
import type { LabelStatus, StatusReport } from '../status.js';

const BORDERLESS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: ' ',
};

/**
 * The seed's per-task table (gen3_workflow `print_status`; `job label` when it counts jobs per cluster
 * label): `task type` left-aligned, counts right-aligned
 * in 10-wide columns, a `pruned` column only when some job was pruned, a `held` column (a part of
 * pending: Slurm holds) only when some job is held, and a total row.
 */
export function renderStatusTable(report: StatusReport): string {
  const columns: Array<keyof Omit<LabelStatus, 'label'>> = [
    'pending', ...(report.totals.held > 0 ? ['held' as const] : []), 'running', 'succeeded', 'failed', ...(report.totals.pruned > 0 ? ['pruned' as const] : []), 'total',
  ];
  const width = Math.max(9, ...report.labels.map((row) => row.label.length));
  const table = new Table({
    chars: BORDERLESS,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true },
    colWidths: [width, ...columns.map(() => 10)],
    colAligns: ['left', ...columns.map(() => 'right' as const)],
    head: [report.rows === 'jobs' ? 'job label' : 'task type', ...columns],
  });
  for (const row of report.labels) table.push([row.label, ...columns.map((c) => String(row[c]))]);
  table.push(['total', ...columns.map((c) => String(report.totals[c]))]);
  return table.toString().split('\n').map((line) => line.trimEnd()).join('\n');
}

/** One line for logs: `12/31 succeeded, 1 failed, 2 running, 16 pending`. */
export function renderStatusLine(report: StatusReport): string {
  const t = report.totals;
  const parts = [`${t.succeeded}/${t.total} succeeded`, `${t.failed} failed`, `${t.running} running`, `${t.pending} pending`];
  if (t.pruned > 0) parts.push(`${t.pruned} pruned`);
  if (t.held > 0) parts.push(`${t.held} held`);
  return parts.join(', ');
}
