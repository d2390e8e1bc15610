import type { JobStateName } from '../model/job-state.js';
import type { LabelResources } from './resource-usage.js';

/** ctrl_bps's report columns, in WmsStates enum order (docs/ARCHITECTURE.md, "Views"). */
export const REPORT_STATES: readonly JobStateName[] = ['UNKNOWN', 'MISFIT', 'UNREADY', 'READY', 'PENDING', 'RUNNING', 'DELETED', 'HELD', 'SUCCEEDED', 'FAILED', 'PRUNED'];

/** One run in `bps report` (ctrl_bps WmsRunReport, the parts we have). */
export interface RunReportSummary {
  /** H (held), D (deleted) or F (failed) jobs in a RUNNING run, as ctrl_bps flags them. */
  readonly flag: '' | 'H' | 'D' | 'F';
  readonly state: JobStateName;
  readonly percentSucceeded: number;
  readonly id: string;
  readonly operator: string;
  readonly project: string;
  readonly campaign: string;
  readonly payload: string;
  readonly run: string;
  readonly path: string;
}

export interface LabelStateRow {
  readonly label: string;
  readonly counts: Readonly<Record<JobStateName, number>>;
  readonly expected: number;
}

export interface FailedJob {
  readonly name: string;
  readonly label: string;
  readonly dataId: unknown;
  readonly exitCode: number | null;
  readonly attempt: number;
  readonly reason: string | null;
  /** stderr of the last attempt. */
  readonly log: string;
}

/** Failed jobs of one label that ended the same way (ctrl_bps's report groups its failures likewise). */
export interface FailureGroup {
  readonly label: string;
  readonly exitCode: number | null;
  readonly count: number;
  /** The failed jobs' data IDs (null for init/final jobs). */
  readonly dataIds: readonly unknown[];
  /** One of them, whose log tail is shown. */
  readonly example: string;
  readonly log: string;
  /** The last lines of that job's stderr (else stdout); [] when it wrote nothing. */
  readonly logTail: readonly string[];
}

/** Groups failed jobs by label and exit code, in order of first appearance; `tail` reads a log's last lines. */
export function groupFailures(jobs: readonly FailedJob[], tail: (job: FailedJob) => { log: string; lines: string[] }): FailureGroup[] {
  const groups = new Map<string, FailedJob[]>();
  for (const job of jobs) {
    const key = `${job.label}\u0000${job.exitCode ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), job]);
  }
  return [...groups.values()].map((members) => {
    const first = members[0] as FailedJob;
    const { log, lines } = tail(first);
    return { label: first.label, exitCode: first.exitCode, count: members.length, dataIds: members.map((m) => m.dataId), example: first.name, log, logTail: lines };
  });
}

/** `bps report --id RUN`. */
export interface DetailedRunReport {
  readonly summary: RunReportSummary;
  readonly labels: readonly LabelStateRow[];
  readonly total: LabelStateRow;
  readonly failedJobs: readonly FailedJob[];
  readonly failureGroups: readonly FailureGroup[];
  /** Per label, resources asked for against what its succeeded attempts used (report/resource-usage.ts). */
  readonly resources: readonly LabelResources[];
}

/** ctrl_bps's X flag: only for RUNNING runs; H before D before F (DM-44457). */
export function runFlag(state: JobStateName, totals: Readonly<Record<JobStateName, number>>): RunReportSummary['flag'] {
  if (state !== 'RUNNING') return '';
  if (totals.HELD > 0) return 'H';
  if (totals.DELETED > 0) return 'D';
  return totals.FAILED > 0 ? 'F' : '';
}
