import type { JobLaunch } from '../executors/types.js';
import type { JobCatalog } from '../scheduler/ports.js';
import { expandEnvVars } from '../config/env-vars.js';
import { makeLaunch } from '../scheduler/workflow-catalog.js';
import { fillJobPlaceholders } from '../workflow/job-command.js';
import type { LabelSpec, RetryPolicy } from '../workflow/types.js';
import type { DriverStore } from './run-store.js';

/**
 * A JobCatalog over bps.sqlite: job names and quanta are read when a job is launched, so the driver never
 * holds a million names. `${VAR}` / `$VAR` left in commands for the execute side are expanded from the
 * job's environment here, because local jobs run on this machine without a shell.
 */
export class StoreCatalog implements JobCatalog {
  private readonly specs: ReadonlyMap<string, LabelSpec>;

  constructor(
    private readonly store: DriverStore,
    private readonly labelOf: Uint16Array,
    private readonly labels: readonly string[],
    private readonly loggingDir: string,
    private readonly baseEnv: NodeJS.ProcessEnv,
  ) {
    this.specs = store.labelSpecs();
  }

  private spec(job: number): LabelSpec {
    const label = this.labels[this.labelOf[job] as number] ?? '';
    const spec = this.specs.get(label);
    if (!spec) throw new Error(`no stored settings for label '${label}'`);
    return spec;
  }

  launch(job: number, attempt: number, memoryMiB: number): JobLaunch {
    const record = this.store.job(job);
    const spec = this.spec(job);
    const lookup = (name: string) => spec.environment[name] ?? this.baseEnv[name];
    const argv = fillJobPlaceholders(spec.command, { qgraphNodeId: record.quanta, jobName: record.name }).map((word) => expandEnvVars(word, (name) => lookup(name) ?? ''));
    return makeLaunch(job, record, attempt, memoryMiB, argv, spec, this.loggingDir);
  }

  cpus(job: number): number {
    return this.spec(job).resources.requestCpus;
  }

  policy(job: number): RetryPolicy {
    return this.spec(job).retry;
  }

  describe(job: number): { name: string; label: string } {
    const record = this.store.job(job);
    return { name: record.name, label: record.label };
  }
}
