/**
 * Per-quantum truth for clusters (docs/CONFIG.md, "Clustering"): when a cluster's command writes
 * pipetask's `--summary` report (pipe_base's quantum report JSON), `bps status` counts a failed cluster's
 * quanta from it: the ones that succeeded (or were skipped as already done) as succeeded, not all three
 * as failed because the third one failed.
 */
import { readFileSync } from 'node:fs';
import type { JobStateName } from '../model/job-state.js';
import type { StateCounts } from '../report/status.js';
import type { JobDetails, RunDatabase } from '../state/index.js';
import { fillJobPlaceholders } from '../workflow/job-command.js';

/** More failed clusters than this are counted by their state only: status must stay instant. */
const MAX_SUMMARIES = 2000;

interface QuantumReport {
  readonly status?: string;
  readonly taskLabel?: string;
  readonly quantumId?: string;
}

/** Moves the quanta of failed clusters that their summaries say succeeded from `FAILED` to `SUCCEEDED`, per task label. */
export function applyClusterSummaries(db: RunDatabase, rows: ReadonlyArray<{ label: string; counts: StateCounts }>): Array<{ label: string; counts: StateCounts }> {
  const failed = db.clusterJobs(['FAILED'], MAX_SUMMARIES + 1);
  if (failed.length === 0 || failed.length > MAX_SUMMARIES) return [...rows];
  const specs = db.labelSpecs();
  const moved = new Map<string, number>();
  for (const job of failed) {
    const command = specs.get(job.label)?.command;
    const path = command && summaryPath(command, job);
    if (!path) continue;
    for (const task of succeededTasks(path, job)) moved.set(task, (moved.get(task) ?? 0) + 1);
  }
  return rows.map((row) => {
    const n = moved.get(row.label) ?? 0;
    if (n === 0) return row;
    return { label: row.label, counts: { ...row.counts, FAILED: (row.counts.FAILED ?? 0) - n, SUCCEEDED: (row.counts.SUCCEEDED ?? 0) + n } satisfies Partial<Record<JobStateName, number>> };
  });
}

/** The `--summary PATH` (or `--summary=PATH`) of a job's command, with its per-job values filled. */
function summaryPath(command: readonly string[], job: JobDetails): string | undefined {
  const words = fillJobPlaceholders(command, { qgraphNodeId: job.quanta, jobName: job.name });
  const at = words.indexOf('--summary');
  const path = at >= 0 ? words[at + 1] : words.find((word) => word.startsWith('--summary='))?.slice('--summary='.length);
  return path && !path.includes('${') ? path : undefined;
}

/** Task labels of the job's quanta the summary reports as done (success, or skipped because done before). */
function succeededTasks(path: string, job: JobDetails): string[] {
  let reports: readonly QuantumReport[];
  try {
    reports = (JSON.parse(readFileSync(path, 'utf8')) as { quantaReports?: QuantumReport[] }).quantaReports ?? [];
  } catch {
    return []; // not written (the job died first) or not a report: count the cluster by its state
  }
  const own = new Set(job.quanta.split(','));
  return reports
    .filter((r) => (r.status === 'success' || r.status === 'skipped') && r.taskLabel !== undefined && r.quantumId !== undefined && own.has(r.quantumId))
    .map((r) => r.taskLabel as string);
}
