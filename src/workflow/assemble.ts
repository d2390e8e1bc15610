import { FINAL_LABEL, INIT_LABEL, type FinalJobWhen, type LabelSpec } from '../model/job-spec.js';
import type { ValueFormatter } from '../qgraph/data-id-template.js';
import type { Job, Workflow } from './types.js';

/** Everything the transform needs besides the graph, already resolved from the config by the caller. */
export interface WorkflowOptions {
  /** The run's uniqProcName. */
  readonly name: string;
  /** `templateDataId`, e.g. `{tract}_{patch}_{band}_{visit}_{exposure}_{detector}`. */
  readonly templateDataId: string;
  readonly formatValue: ValueFormatter;
  /** The settings of one task label's jobs (called once per label). */
  readonly labelSpec: (label: string) => LabelSpec;
  /** The pipetaskInit job's settings, or undefined when `runInit` is false. */
  readonly init: LabelSpec | undefined;
  readonly finalJob: { readonly whenRun: FinalJobWhen; readonly spec: LabelSpec | undefined };
}

/** The settings of {@link WorkflowOptions} that do not name payload jobs (those come with the payload DAG). */
export type DagOptions = Omit<WorkflowOptions, 'templateDataId' | 'formatValue'>;

/** The payload jobs and their dependencies, before the init and final jobs are added. */
export interface PayloadDag {
  readonly size: number;
  /** Job labels in topological order. */
  readonly labels: readonly string[];
  /** Payload job j (0 ≤ j < size). */
  job(j: number): Job;
  readonly edgeFrom: Uint32Array;
  readonly edgeTo: Uint32Array;
}

/**
 * The job DAG of payload jobs: a pipetaskInit job first, a parent of every payload job without parents
 * (so every job depends on it), the payload jobs in order, and a finalJob per `finalJob.whenRun` last.
 * Pure: no I/O, no config lookups per job.
 */
export function assembleWorkflow(graph: PayloadDag, options: DagOptions): Workflow {
  const offset = options.init ? 1 : 0;
  const jobs: Job[] = [];
  if (options.init) jobs.push({ name: INIT_LABEL, label: INIT_LABEL, quanta: [] });
  for (let j = 0; j < graph.size; j += 1) jobs.push(graph.job(j));
  const finalSpec = options.finalJob.whenRun === 'NEVER' ? undefined : options.finalJob.spec;
  if (finalSpec) jobs.push({ name: FINAL_LABEL, label: FINAL_LABEL, quanta: [] });

  const edges = payloadEdges(graph, offset);
  if (options.init) edges.addFromOne(0, sources(graph).map((q) => q + offset));
  let finalJob: Workflow['finalJob'];
  if (finalSpec && options.finalJob.whenRun !== 'NEVER') {
    finalJob = { index: jobs.length - 1, whenRun: options.finalJob.whenRun };
    // SUCCESS: an ordinary sink, pruned when anything failed. ALWAYS: no edges; the scheduler starts it
    // once everything else has settled, whatever the outcome (HTCondor's FINAL node).
    if (options.finalJob.whenRun === 'SUCCESS') edges.addToOne(sinks(graph, options.init !== undefined).map((q) => q + offset), finalJob.index);
  }
  const labelSpecs = new Map<string, LabelSpec>();
  if (options.init) labelSpecs.set(INIT_LABEL, options.init);
  for (const label of graph.labels) labelSpecs.set(label, options.labelSpec(label));
  if (finalSpec) labelSpecs.set(FINAL_LABEL, finalSpec);
  return {
    name: options.name,
    jobs,
    labels: [...labelSpecs.keys()],
    labelSpecs,
    ...edges.finish(),
    finalJob,
  };
}

function payloadEdges(graph: PayloadDag, offset: number) {
  const extra: number[] = [];
  return {
    addFromOne(parent: number, children: number[]) {
      for (const child of children) extra.push(parent, child);
    },
    addToOne(parents: number[], child: number) {
      for (const parent of parents) extra.push(parent, child);
    },
    finish() {
      const count = graph.edgeFrom.length + extra.length / 2;
      const edgeFrom = new Uint32Array(count);
      const edgeTo = new Uint32Array(count);
      for (let e = 0; e < graph.edgeFrom.length; e += 1) {
        edgeFrom[e] = (graph.edgeFrom[e] as number) + offset;
        edgeTo[e] = (graph.edgeTo[e] as number) + offset;
      }
      for (let k = 0, e = graph.edgeFrom.length; k < extra.length; k += 2, e += 1) {
        edgeFrom[e] = extra[k] as number;
        edgeTo[e] = extra[k + 1] as number;
      }
      return { edgeFrom, edgeTo };
    },
  };
}

/** Payload jobs with no parents. */
function sources(graph: PayloadDag): number[] {
  const hasParent = new Uint8Array(graph.size);
  for (const to of graph.edgeTo) hasParent[to] = 1;
  const result: number[] = [];
  hasParent.forEach((flag, index) => flag === 0 && result.push(index));
  return result;
}

/** Payload jobs with no children (with no payload jobs at all, the final job hangs off the init job). */
function sinks(graph: PayloadDag, hasInit: boolean): number[] {
  const hasChild = new Uint8Array(graph.size);
  for (const from of graph.edgeFrom) hasChild[from] = 1;
  const result: number[] = [];
  hasChild.forEach((flag, index) => flag === 0 && result.push(index));
  return result.length === 0 && hasInit ? [-1] : result;
}
