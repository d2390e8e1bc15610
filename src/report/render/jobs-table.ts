import type { JobListing } from '../job-list.js';
import { renderAstropyTable } from './astropy-table.js';
import { formatDataId } from './run-report.js';

const HEADERS = ['name', 'label', 'state', 'attempts', 'data ID', 'exit code', 'log'];

/** `bps jobs`: one row per job, in ctrl_bps's table layout; a line instead when nothing matched. */
export function renderJobsTable(listing: JobListing): string {
  if (listing.jobs.length === 0) {
    const label = listing.label === null ? '' : `${listing.label} `;
    const states = listing.states === null ? '' : ` in state ${listing.states.join(' or ')}`;
    return `No ${label}jobs${states} in run '${listing.run.name}'.`;
  }
  const rows = listing.jobs.map((job) => [
    job.name, job.label, job.state, String(job.attempts), job.dataId === null ? '' : formatDataId(job.dataId), job.exitCode === null ? '' : String(job.exitCode), job.log ?? '',
  ]);
  return renderAstropyTable(HEADERS, rows, { leftColumns: [0, 1, 2, 4, 6] });
}
