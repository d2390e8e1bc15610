import Table from 'cli-table3';
import type { JobCount } from '../submission-summary.js';

/** A plain two-column table of jobs per label with a total row. */
export function renderJobCountTable(counts: readonly JobCount[]): string {
  const width = Math.max(9, ...counts.map((row) => row.label.length));
  const table = new Table({
    chars: { top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: ' ' },
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true },
    colWidths: [width, 8, 8],
    colAligns: ['left', 'right', 'right'],
    head: ['label', 'jobs', 'quanta'],
  });
  for (const row of counts) table.push([row.label, String(row.jobs), String(row.quanta)]);
  table.push(['total', String(counts.reduce((n, r) => n + r.jobs, 0)), String(counts.reduce((n, r) => n + r.quanta, 0))]);
  return table.toString().split('\n').map((line) => line.trimEnd()).join('\n');
}
