import type { QuantumGraph } from '../qgraph/types.js';
import type { Job } from '../workflow/types.js';
import type { LabelSpec } from '../model/job-spec.js';
import type { RunConfig } from './run-config.js';

/** A job's own requests and what it holds: a run's state and `bps plan` size jobs alike. */
export interface JobSize {
  readonly memoryMiB: number;
  readonly walltimeSec: number | undefined;
  /** Its quanta per task label (none for the init and final jobs). */
  readonly tasks: ReadonlyArray<readonly [string, number]>;
}

/** A cluster's memory is its largest task's, its wall time the sum of its quanta's; other jobs take their label's. */
export function jobSize(job: Job, spec: LabelSpec, graph: QuantumGraph, config: RunConfig): JobSize {
  if (spec.kind !== 'payload') return { memoryMiB: spec.resources.requestMemory, walltimeSec: spec.resources.requestWalltime, tasks: [] };
  const tasks = tasksOf(job.quanta, graph);
  const size = config.clustering.jobSize(job.label, tasks);
  return { memoryMiB: size.memoryMiB, walltimeSec: size.walltimeSec, tasks };
}

function tasksOf(quanta: readonly number[], graph: QuantumGraph): Array<readonly [string, number]> {
  if (quanta.length === 1) return [[graph.labels[graph.labelOf[quanta[0] as number] as number] as string, 1]];
  const counts = new Map<string, number>();
  for (const q of quanta) {
    const task = graph.labels[graph.labelOf[q] as number] as string;
    counts.set(task, (counts.get(task) ?? 0) + 1);
  }
  return [...counts];
}
