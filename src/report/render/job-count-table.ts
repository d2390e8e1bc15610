import Table from 'cli-table3';
import type { JobCount } from '../submission-summary.js';

/** A plain table of jobs (or clusters, with their task labels) per label with a total row. */
export function renderJobCountTable(counts: readonly JobCount[], unit: 'jobs' | 'clusters' = 'jobs'): string {
  const withTasks = unit === 'clusters';
  const width = Math.max(9, ...counts.map((row) => row.label.length));
  const table = new Table({
    chars: { top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: ' ' },
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true },
    colWidths: [width, 9, 8, ...(withTasks ? [null] : [])],
    colAligns: ['left', 'right', 'right', ...(withTasks ? ['left' as const] : [])],
    head: ['label', unit, 'quanta', ...(withTasks ? ['  tasks'] : [])],
  });
  for (const row of counts) table.push([row.label, String(row.jobs), String(row.quanta), ...(withTasks ? [`  ${(row.tasks ?? []).join(', ')}`] : [])]);
  table.push(['total', String(counts.reduce((n, r) => n + r.jobs, 0)), String(counts.reduce((n, r) => n + r.quanta, 0)), ...(withTasks ? [''] : [])]);
  return table.toString().split('\n').map((line) => line.trimEnd()).join('\n');
}
