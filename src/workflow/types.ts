import type { FinalJobWhen, LabelSpec } from '../model/job-spec.js';

/** One job of the workflow: a cluster of quanta (of one or several task labels), or the init/final job. */
export interface Job {
  /** Unique name, `<uuid>_<label>_<templateDataId values>` for payload jobs; also the log-file stem. */
  readonly name: string;
  readonly label: string;
  /** Indices into `QuantumGraph.quanta`; empty for init and final jobs. */
  readonly quanta: readonly number[];
  /** The cluster it was made from (an index into the ClusteredQuantumGraph); none for init and final jobs. */
  readonly cluster?: number;
}

/**
 * The job DAG (ctrl_bps's GenericWorkflow), pure data. Edges are parallel arrays of job indices.
 * A `finalJob` with whenRun ALWAYS has no edges: the scheduler starts it once every other job settled.
 */
export interface Workflow {
  /** The run's uniqProcName. */
  readonly name: string;
  readonly jobs: readonly Job[];
  /** Job labels in topological order: pipetaskInit first, task labels, finalJob last. */
  readonly labels: readonly string[];
  readonly labelSpecs: ReadonlyMap<string, LabelSpec>;
  readonly edgeFrom: Uint32Array;
  readonly edgeTo: Uint32Array;
  /** Index of the final job in `jobs` and when it runs; undefined when whenRun is NEVER. */
  readonly finalJob: { readonly index: number; readonly whenRun: Exclude<FinalJobWhen, 'NEVER'> } | undefined;
}
