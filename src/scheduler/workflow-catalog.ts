import { join } from 'node:path';
import type { JobLaunch } from '../executors/types.js';
import type { QuantumGraph } from '../qgraph/types.js';
import { jobArgv } from '../workflow/job-command.js';
import { JobState, type LabelSpec, type RetryPolicy, type Workflow } from '../workflow/types.js';
import type { JobCatalog } from './ports.js';

/** The log-file stem of one attempt: `logging/<job>.<attempt>`. */
export function attemptLogStem(loggingDir: string, jobName: string, attempt: number): string {
  return join(loggingDir, `${jobName}.${attempt}`);
}

/** The launch description of one attempt of a job with these settings and this argv. */
export function makeLaunch(job: number, names: { readonly name: string; readonly label: string }, attempt: number, memoryMiB: number, argv: string[], spec: LabelSpec, loggingDir: string): JobLaunch {
  const stem = attemptLogStem(loggingDir, names.name, attempt);
  return {
    jobId: job + 1,
    name: names.name,
    label: names.label,
    attempt,
    argv,
    env: spec.environment,
    cpus: spec.resources.requestCpus,
    memoryMiB,
    walltimeSec: spec.resources.requestWalltime,
    stdoutPath: `${stem}.out`,
    stderrPath: `${stem}.err`,
    exitPath: `${stem}.exit`,
  };
}

/** A JobCatalog over an in-memory Workflow (a fresh submit; a restart builds one from bps.sqlite instead). */
export class WorkflowCatalog implements JobCatalog {
  constructor(
    private readonly workflow: Workflow,
    private readonly graph: QuantumGraph,
    private readonly loggingDir: string,
  ) {}

  private spec(job: number): LabelSpec {
    const label = this.workflow.jobs[job]?.label ?? '';
    const spec = this.workflow.labelSpecs.get(label);
    if (!spec) throw new Error(`no settings for label '${label}' of job ${job}`);
    return spec;
  }

  launch(job: number, attempt: number, memoryMiB: number): JobLaunch {
    return makeLaunch(job, this.describe(job), attempt, memoryMiB, jobArgv(this.workflow, this.graph, job), this.spec(job), this.loggingDir);
  }

  cpus(job: number): number {
    return this.spec(job).resources.requestCpus;
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

/** Initial states: READY for jobs without parents, UNREADY for the rest (and for an ALWAYS final job). */
export function initialStates(workflow: Workflow): Uint8Array {
  const states = new Uint8Array(workflow.jobs.length).fill(JobState.READY);
  for (const to of workflow.edgeTo) states[to] = JobState.UNREADY;
  if (workflow.finalJob) states[workflow.finalJob.index] = JobState.UNREADY;
  return states;
}

/** Each job's label as an index into `workflow.labels`. */
export function labelIndices(workflow: Workflow): Uint16Array {
  const index = new Map(workflow.labels.map((label, i) => [label, i]));
  return Uint16Array.from(workflow.jobs, (job) => index.get(job.label) ?? 0);
}
