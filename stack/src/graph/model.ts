/** A data ID: required keys in universe order, then implied keys. */
export type DataId = Readonly<Record<string, string | number>>;

/** One dataset node of the graph (an existing input or a predicted output). */
export interface DatasetNode {
  readonly id: string;
  readonly datasetType: string;
  readonly run: string;
  readonly dataId: DataId;
  /** The dataset's file, relative to the datastore root. */
  readonly path: string;
}

/** One quantum: a task label on a data ID, with its datasets by connection field. */
export interface QuantumNode {
  readonly id: string;
  readonly label: string;
  readonly dataId: DataId;
  readonly inputs: Readonly<Record<string, readonly string[]>>;
  readonly prerequisites: Readonly<Record<string, readonly string[]>>;
  readonly outputs: Readonly<Record<string, readonly string[]>>;
}

/** A task as the graph records it, with its init-datasets. */
export interface GraphTask {
  readonly label: string;
  readonly taskClass: string;
  readonly dimensions: readonly string[];
  readonly runTime: number;
  readonly config: Readonly<Record<string, unknown>>;
  /** Init-input dataset ids by field (schemas written by other tasks' init). */
  readonly initInputs: Readonly<Record<string, string>>;
  /** Init-output dataset ids by field (`_config`, schemas). */
  readonly initOutputs: Readonly<Record<string, string>>;
}

/** What the graph header records about how it was made (cf. the `.qgraph` header `Metadata`). */
export interface GraphMetadata {
  readonly input: readonly string[];
  readonly output: string | undefined;
  readonly output_run: string;
  readonly data_query: string;
  readonly user: string;
  readonly time: string;
  readonly butler_argument: string;
  readonly full_command: string;
  readonly pipeline: string;
  readonly extend_run: boolean;
  readonly skip_existing_in: readonly string[];
}

/** Registered shape of a dataset type used in the graph. */
export interface GraphDatasetType {
  readonly dimensions: readonly string[];
  readonly storageClass: string;
}

/**
 * The stand-in's saved QuantumGraph (`-q/--save-qgraph`). bps-ts treats it as opaque and only passes it
 * back to `pipetask run-qbb` / `pre-exec-init-qbb` / `butler aggregate-graph`; it is JSON whatever the
 * file extension (`.qg`, `.qgraph`).
 */
export interface GraphFile {
  readonly format: 'bps-ts-standin-qgraph';
  readonly version: 1;
  /** BuildId, `<epoch seconds>-<pid>`, as `--qgraph-id` checks it. */
  readonly graphId: string;
  readonly metadata: GraphMetadata;
  readonly datasetTypes: Readonly<Record<string, GraphDatasetType>>;
  /** Tasks with quanta, in pipeline order. */
  readonly tasks: readonly GraphTask[];
  /** Quanta grouped by task in pipeline order; within a task in data-query row order. */
  readonly quanta: readonly QuantumNode[];
  /** Dataset nodes in first-encounter order (what the dot file lists). */
  readonly datasets: readonly DatasetNode[];
  /** Init datasets (`<label>_config`, schemas, `packages`); not drawn in the dot file. */
  readonly initDatasets: readonly DatasetNode[];
  /** Global init-outputs by name (`packages`). */
  readonly globalInitOutputs: Readonly<Record<string, string>>;
}
