import { expandEnvVars } from '../config/env-vars.js';
import type { JobLaunch } from '../executors/contract.js';
import { attemptFiles } from '../executors/common/run-files.js';
import type { LabelSpec, RetryPolicy } from '../model/job-spec.js';
import type { JobCatalog } from '../scheduler/ports.js';
import type { RunDatabase } from '../state/index.js';
import { fillJobPlaceholders } from '../workflow/job-command.js';

/**
 * The scheduler's JobCatalog over bps.sqlite: a job's name and quanta are read when it is launched, so
 * the driver never holds a million names. `${VAR}` / `$VAR` left in commands for the execute side are
 * expanded from the job's environment here, because jobs run without a shell.
 */
export class StateJobCatalog implements JobCatalog {
  private readonly specs: ReadonlyMap<string, LabelSpec>;
  private readonly labels: readonly string[];
  /** Per label index, the longest succeeded run so far (seconds); read from the state when first needed. */
  private runTimes: Map<number, number> | undefined;
  /** Per label index, the largest peak memory so far (MiB); read from the state when first needed. */
  private peaks: Map<number, number> | undefined;

  constructor(
    private readonly db: RunDatabase,
    private readonly labelOf: Uint16Array,
    private readonly submitDir: string,
    private readonly baseEnv: NodeJS.ProcessEnv,
  ) {
    this.specs = db.labelSpecs();
    this.labels = db.labels().map((l) => l.label);
  }

  private spec(job: number): LabelSpec {
    const label = this.labels[this.labelOf[job] as number] ?? '';
    const spec = this.specs.get(label);
    if (!spec) throw new Error(`no stored settings for label '${label}'`);
    return spec;
  }

  private record(job: number): { name: string; label: string; quanta: string; walltimeSec: number | null } {
    const found = this.db.launchRecord(job + 1);
    if (!found) throw new RangeError(`no job ${job} in ${this.db.path}`);
    return found;
  }

  launch(job: number, attempt: number, memoryMiB: number): JobLaunch {
    const record = this.record(job);
    const spec = this.spec(job);
    const lookup = (name: string) => spec.environment[name] ?? this.baseEnv[name];
    const argv = fillJobPlaceholders(spec.command, { qgraphNodeId: record.quanta, jobName: record.name }).map((word) => expandEnvVars(word, (name) => lookup(name) ?? ''));
    // A cluster's wall time is its own (the sum of its quanta's); a job of an older run has its label's.
    const walltimeSec = record.walltimeSec ?? spec.resources.requestWalltime;
    const expectedSec = walltimeSec ?? this.observed().get(this.labelOf[job] as number);
    return { ...jobLaunch({ job, name: record.name, label: record.label, attempt, memoryMiB, argv, spec, submitDir: this.submitDir, walltimeSec }), ...(expectedSec === undefined ? {} : { expectedSec }) };
  }

  cpus(job: number): number {
    return this.spec(job).resources.requestCpus;
  }

  /** The job's requestWalltime (a cluster's: its quanta's sum), else the longest succeeded run of its label in this run (docs/SLURM.md, "Walltime"). */
  expectedSeconds(job: number): number | undefined {
    return this.record(job).walltimeSec ?? this.spec(job).resources.requestWalltime ?? this.observed().get(this.labelOf[job] as number);
  }

  recordRunTime(job: number, seconds: number): void {
    raise(this.observed(), this.labelOf[job] as number, seconds);
  }

  private observed(): Map<number, number> {
    return (this.runTimes ??= this.db.labelRunTimes());
  }

  peakMemory(job: number): number | undefined {
    return this.observedPeaks().get(this.labelOf[job] as number);
  }

  recordPeakMemory(job: number, maxRssMiB: number): void {
    raise(this.observedPeaks(), this.labelOf[job] as number, maxRssMiB);
  }

  private observedPeaks(): Map<number, number> {
    return (this.peaks ??= this.db.labelPeakMemory());
  }

  policy(job: number): RetryPolicy {
    return this.spec(job).retry;
  }

  describe(job: number): { name: string; label: string } {
    const { name, label } = this.record(job);
    return { name, label };
  }
}

/** Keeps the largest value seen per label. */
function raise(byLabel: Map<number, number>, label: number, value: number): void {
  byLabel.set(label, Math.max(byLabel.get(label) ?? 0, value));
}

/** One attempt's launch description: the job's argv and its label's settings, with the run folder's file paths. */
export function jobLaunch(a: { job: number; name: string; label: string; attempt: number; memoryMiB: number; argv: string[]; spec: LabelSpec; submitDir: string; walltimeSec?: number | undefined }): JobLaunch {
  const files = attemptFiles(a.submitDir, a.name, a.attempt);
  return {
    jobId: a.job + 1, name: a.name, label: a.label, attempt: a.attempt, argv: a.argv, env: a.spec.environment,
    cpus: a.spec.resources.requestCpus, memoryMiB: a.memoryMiB, walltimeSec: a.walltimeSec ?? a.spec.resources.requestWalltime,
    stdoutPath: files.stdout, stderrPath: files.stderr, exitPath: files.exit,
  };
}
