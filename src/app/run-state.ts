import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { QuantumGraph } from '../qgraph/types.js';
import { buildStatusReport, type StatusReport } from '../report/status.js';
import { isDriverAlive, readDriverLock } from '../scheduler/driver-lock.js';
import { initialStates, labelIndices } from '../scheduler/workflow-catalog.js';
import { createRunState } from '../state/create-run.js';
import { RunDatabase } from '../state/run-db.js';
import { resolveRunDir, RunIndex, RUN_STATE_FILE } from '../state/run-index.js';
import type { Workflow } from '../workflow/types.js';
import type { AppContext } from './context.js';
import type { RunConfig } from './run-config.js';
import type { DriverStore } from './run-store.js';

/** The `prepare` stage's output: bps.sqlite with every job, edge and label setting, and the run indexed. */
export function writeRunState(input: { config: RunConfig; graph: QuantumGraph; workflow: Workflow; submitDir: string; ctx: AppContext }): void {
  const { config, graph, workflow, submitDir, ctx } = input;
  const now = ctx.now();
  const runId = `${config.bps.text('timestamp')}-${randomBytes(3).toString('hex')}`;
  const states = initialStates(workflow);
  const labelOf = labelIndices(workflow);
  const expected = new Map<string, number>();
  for (const job of workflow.jobs) expected.set(job.label, (expected.get(job.label) ?? 0) + 1);
  // Indexed first: a driver killed right after the state file appears must still be found by name.
  // The index ignores entries whose folder has no bps.sqlite, so a kill in between leaves nothing wrong.
  const index = RunIndex.open(ctx.bpsHome);
  try {
    index.register({ runId, name: config.outputRun, uniqProcName: config.uniqProcName, submitDir, createdAt: now.toISOString() });
  } finally {
    index.close();
  }
  createRunState(join(submitDir, RUN_STATE_FILE), {
    runId, name: config.outputRun, uniqProcName: config.uniqProcName, submitDir, operator: config.operator,
    project: config.project, campaign: config.campaign, payloadName: config.payloadName,
    site: { name: config.site.name, executor: config.site.executor, ...pick(config.site), options: config.site.options },
    labels: workflow.labels.map((label) => ({ spec: workflow.labelSpecs.get(label) as NonNullable<ReturnType<Workflow['labelSpecs']['get']>>, expected: expected.get(label) ?? 0 })),
    jobCount: workflow.jobs.length,
    job: (index) => {
      const job = workflow.jobs[index] as Workflow['jobs'][number];
      const spec = workflow.labelSpecs.get(job.label);
      return {
        name: job.name,
        labelIndex: labelOf[index] as number,
        quanta: job.quanta.map((q) => graph.id(q)).sort().join(','),
        dataId: job.quanta.length === 1 ? graph.dataId(job.quanta[0] as number) : null,
        state: states[index] as number,
        memoryMiB: spec?.resources.requestMemory ?? 2048,
      };
    },
    edgeFrom: workflow.edgeFrom,
    edgeTo: workflow.edgeTo,
    now,
  });
}

function pick(site: RunConfig['site']): { maxJobs?: number; cores?: number; memoryMiB?: number } {
  return {
    ...(site.maxJobs === undefined ? {} : { maxJobs: site.maxJobs }),
    ...(site.cores === undefined ? {} : { cores: site.cores }),
    ...(site.memoryMiB === undefined ? {} : { memoryMiB: site.memoryMiB }),
  };
}

/** The run folder a user means (submit dir, run name, uniqProcName or run id). */
export function findRunDir(query: string, ctx: AppContext): string {
  return resolveRunDir(query, { cwd: ctx.cwd, bpsHome: ctx.bpsHome });
}

/** Opens a run's state for its driver. */
export function openDriverStore(submitDir: string): DriverStore {
  return RunDatabase.open(join(submitDir, RUN_STATE_FILE));
}

/** `bps status`: counts per label from the state file only, and whether a driver is alive. */
export function readStatusReport(submitDir: string): StatusReport {
  const db = RunDatabase.open(join(submitDir, RUN_STATE_FILE), { readonly: true });
  try {
    const run = db.run();
    const driverAlive = isDriverAlive(readDriverLock(submitDir));
    const report = buildStatusReport({ name: run.name, id: run.id, submitDir: run.submitDir, state: run.state, driverAlive }, db.labelCounts());
    const active = db.inFlightJobs().map((job) => ({
      name: job.name, label: job.label, state: job.state, attempt: job.attempt, externalId: job.externalId === '' ? null : job.externalId, reason: job.reason,
    }));
    return { ...report, active };
  } finally {
    db.close();
  }
}
