/**
 * Test helpers for the scheduler: a Workflow (built in memory, no state file) as the SchedulingState the
 * state layer would load, and a JobCatalog over it.
 */
import { jobLaunch } from '../../src/app/job-catalog.js';
import type { JobLaunch } from '../../src/executors/contract.js';
import { buildCsr } from '../../src/model/csr.js';
import type { LabelSpec, RetryPolicy } from '../../src/model/job-spec.js';
import type { SchedulingState } from '../../src/model/scheduling-state.js';
import type { QuantumGraph } from '../../src/qgraph/types.js';
import type { JobCatalog } from '../../src/scheduler/ports.js';
import { initialStates } from '../../src/workflow/initial-states.js';
import { fillJobPlaceholders } from '../../src/workflow/job-command.js';
import type { Workflow } from '../../src/workflow/types.js';

/** The run as the scheduler would load it from a fresh state file; `states` overrides the initial states. */
export function schedulingStateOf(workflow: Workflow, options: { states?: readonly number[] } = {}): SchedulingState {
  const labelIndex = new Map(workflow.labels.map((label, i) => [label, i]));
  const size = workflow.jobs.length;
  const csr = buildCsr(size, workflow.edgeFrom, workflow.edgeTo);
  const parentCount = new Uint32Array(size);
  for (const child of workflow.edgeTo) parentCount[child] += 1;
  const spec = (label: string) => workflow.labelSpecs.get(label) as LabelSpec;
  return {
    jobCount: size,
    labels: workflow.labels.map((label) => ({ label, kind: spec(label).kind, expected: workflow.jobs.filter((j) => j.label === label).length })),
    labelOf: Uint16Array.from(workflow.jobs, (job) => labelIndex.get(job.label) ?? 0),
    state: options.states ? Uint8Array.from(options.states) : initialStates(workflow),
    attempt: new Uint16Array(size),
    retriesUsed: new Uint16Array(size),
    memoryMiB: Uint32Array.from(workflow.jobs, (job) => spec(job.label).resources.requestMemory),
    childStart: csr.start,
    childList: csr.list,
    parentCount,
    finalJob: workflow.finalJob ? { index: workflow.finalJob.index, always: workflow.finalJob.whenRun === 'ALWAYS' } : undefined,
  };
}

/** A JobCatalog over an in-memory Workflow, logs under `submitDir/logging`. */
export class WorkflowCatalog implements JobCatalog {
  constructor(
    private readonly workflow: Workflow,
    private readonly graph: QuantumGraph,
    private readonly submitDir: string,
  ) {}

  private spec(job: number): LabelSpec {
    const label = this.workflow.jobs[job]?.label ?? '';
    const spec = this.workflow.labelSpecs.get(label);
    if (!spec) throw new Error(`no settings for label '${label}' of job ${job}`);
    return spec;
  }

  launch(job: number, attempt: number, memoryMiB: number): JobLaunch {
    const { name, label } = this.describe(job);
    return jobLaunch({ job, name, label, attempt, memoryMiB, argv: jobArgv(this.workflow, this.graph, job), spec: this.spec(job), submitDir: this.submitDir });
  }

  cpus(job: number): number {
    return this.spec(job).resources.requestCpus;
  }

  /** Run times recorded per label (the longest), as the app's catalog keeps them. */
  readonly runTimes = new Map<string, number>();

  expectedSeconds(job: number): number | undefined {
    return this.spec(job).resources.requestWalltime ?? this.runTimes.get(this.describe(job).label);
  }

  recordRunTime(job: number, seconds: number): void {
    const { label } = this.describe(job);
    this.runTimes.set(label, Math.max(this.runTimes.get(label) ?? 0, seconds));
  }

  /** Peak memory recorded per label (the largest), as the app's catalog keeps it. */
  readonly peaks = new Map<string, number>();

  peakMemory(job: number): number | undefined {
    return this.peaks.get(this.describe(job).label);
  }

  recordPeakMemory(job: number, maxRssMiB: number): void {
    const { label } = this.describe(job);
    this.peaks.set(label, Math.max(this.peaks.get(label) ?? 0, maxRssMiB));
  }

  policy(job: number): RetryPolicy {
    return this.spec(job).retry;
  }

  describe(job: number): { name: string; label: string } {
    const entry = this.workflow.jobs[job];
    if (!entry) throw new RangeError(`no job ${job}`);
    return { name: entry.name, label: entry.label };
  }
}

/** The argv of one job of an in-memory workflow: its label's command with `{qgraphNodeId}` and `{jobName}` filled. */
export function jobArgv(workflow: Workflow, graph: QuantumGraph, jobIndex: number): string[] {
  const job = workflow.jobs[jobIndex];
  if (job === undefined) throw new RangeError(`no job ${jobIndex} in workflow ${workflow.name}`);
  const spec = workflow.labelSpecs.get(job.label);
  if (spec === undefined) throw new Error(`no settings for label ${job.label}`);
  const nodeIds = job.quanta.map((q) => graph.id(q)).sort().join(',');
  return fillJobPlaceholders(spec.command, { qgraphNodeId: nodeIds, jobName: job.name });
}
