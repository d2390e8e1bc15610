import { attemptFiles, readTail } from '../executors/common/run-files.js';
import type { JobStateName } from '../model/job-state.js';
import { labelResources } from '../report/resource-usage.js';
import { groupFailures, REPORT_STATES, runFlag, type DetailedRunReport, type RunReportSummary } from '../report/run-report.js';
import { listRuns, type RunDatabase } from '../state/index.js';
import type { AppContext } from './context.js';
import { findRunDir, openRun } from './run-lookup.js';

type Counts = Record<JobStateName, number>;
const zero = (): Counts => Object.fromEntries([...REPORT_STATES].map((s) => [s, 0])) as Counts;

function summarize(db: RunDatabase): { summary: RunReportSummary; perLabel: Array<{ label: string; counts: Counts; expected: number }>; total: Counts } {
  const run = db.runInfo();
  const expected = new Map(db.labels().map((l) => [l.label, l.expected]));
  const total = zero();
  const perLabel = db.labelCounts().map(({ label, counts }) => {
    const row = { ...zero(), ...counts } as Counts;
    for (const s of REPORT_STATES) total[s] += row[s];
    return { label, counts: row, expected: expected.get(label) ?? 0 };
  });
  const jobs = perLabel.reduce((n, l) => n + l.expected, 0);
  return {
    summary: {
      flag: runFlag(run.state, total), state: run.state, percentSucceeded: jobs === 0 ? 0 : Math.floor((total.SUCCEEDED / jobs) * 100), id: run.id,
      operator: run.operator, project: run.project, campaign: run.campaign, payload: run.payloadName, run: run.name, path: run.submitDir,
    },
    perLabel,
    total,
  };
}

/** `bps report` without --id: every run the user-level index knows, read from each run's own state. */
export function reportRuns(ctx: AppContext): RunReportSummary[] {
  const listing = listRuns({ bpsHome: ctx.bpsHome });
  for (const note of listing.notes) ctx.logger.debug(note);
  return listing.runs.map((entry) => {
    const db = openRun(entry.submitDir, { readonly: true });
    try {
      return summarize(db).summary;
    } finally {
      db.close();
    }
  });
}

/** The last lines of a job's stderr, else of its stdout (pipetask logs to stderr; wrappers may not). */
function logTail(errPath: string, lines = 10): { log: string; lines: string[] } {
  for (const path of [errPath, errPath.replace(/\.err$/, '.out')]) {
    const text = readTail(path, 65_536); // at most the last 64 KiB: a log can be gigabytes
    if (text.trim() !== '') return { log: path, lines: text.trimEnd().split('\n').slice(-lines) };
  }
  return { log: errPath, lines: [] };
}


/** Per label, what its succeeded attempts asked for and used. */
function resourcesOf(db: RunDatabase): DetailedRunReport['resources'] {
  const specs = db.labelSpecs();
  return db.labelUsage().map((sample) => labelResources(sample, specs.get(sample.label)?.resources.requestWalltime));
}

/** `bps report --id RUN`: ctrl_bps's per-label state table with EXPECTED, and the failed jobs with their logs. */
export function reportRun(query: string, ctx: AppContext): DetailedRunReport {
  const submitDir = findRunDir(query, ctx);
  const db = openRun(submitDir, { readonly: true });
  try {
    const { summary, perLabel, total } = summarize(db);
    const failedJobs = db.failedJobs().map(({ name, label, dataId, exitCode, attempt, reason }) => ({
      name, label, dataId, exitCode, attempt, reason, log: attemptFiles(submitDir, name, attempt).stderr,
    }));
    return {
      summary,
      labels: perLabel,
      total: { label: 'TOTAL', counts: total, expected: perLabel.reduce((n, l) => n + l.expected, 0) },
      failedJobs,
      failureGroups: groupFailures(failedJobs, (job) => logTail(job.log)),
      resources: resourcesOf(db),
    };
  } finally {
    db.close();
  }
}
