/** The kinds of connection a PipelineTaskConnections class declares (pipe_base connectionTypes). */
export type ConnectionKind = 'input' | 'prerequisite' | 'output' | 'initInput' | 'initOutput';

/** One connection of a task: a field bound to a dataset type. */
export interface Connection {
  readonly kind: ConnectionKind;
  /** The connection's field name (`ccdExposure`), overridable in config as `connections.<field>`. */
  readonly field: string;
  /** The dataset type name (`raw`). */
  readonly datasetType: string;
  /** Dataset type dimensions, as declared (empty for init connections). */
  readonly dimensions: readonly string[];
  readonly storageClass: string;
  /** Fan-in / fan-out: several datasets per quantum. */
  readonly multiple: boolean;
  /** Fewest datasets a quantum needs on this connection (pipe_base `minimum`, default 1; 0 = optional). */
  readonly minimum: number;
  /** Looked up in CALIBRATION collections (bias, flat, camera, …). */
  readonly isCalibration: boolean;
}

/** One task of the pipeline, with what the stand-in needs to build and run its quanta. */
export interface TaskNode {
  readonly label: string;
  /** The `class` the pipeline names (`lsst.ip.isr.IsrTask`). */
  readonly taskClass: string;
  /** The task's `config` block, as written. */
  readonly config: Readonly<Record<string, unknown>>;
  /** Task dimensions as declared (`[instrument, exposure, detector]`). */
  readonly dimensions: readonly string[];
  /** Seconds one quantum takes before `STANDIN_TIME_SCALE`. */
  readonly runTime: number;
  /** Declared connections plus the automatic `<label>_metadata`, `<label>_log` and `<label>_config`. */
  readonly connections: readonly Connection[];
}

/** A loaded pipeline: tasks in topological (then file) order. */
export interface Pipeline {
  readonly description: string;
  /** The `instrument` class, e.g. `lsst.obs.lsst.LsstCamImSim`. */
  readonly instrument: string | undefined;
  readonly tasks: readonly TaskNode[];
  readonly subsets: Readonly<Record<string, readonly string[]>>;
  /** The pipeline file (without fragment). */
  readonly source: string;
  /** The parsed document, for `--save-pipeline`. */
  readonly document: Readonly<Record<string, unknown>>;
}
