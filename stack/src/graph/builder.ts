import { ClickError, StandinError } from '../errors.js';
import { getLogger } from '../log/logging.js';
import { compileDataQuery, type CompiledQuery } from '../query/resolve.js';
import type { Datastore } from '../repo/datastore.js';
import type { Registry } from '../repo/registry.js';
import { dimensionGroup, sortDimensions } from '../repo/universe.js';
import type { Pipeline, TaskNode } from '../pipeline/types.js';
import { sortRows } from './data-ids.js';
import { ExistingDatasets } from './existing.js';
import { planInitDatasets } from './init-datasets.js';
import type { DatasetNode, GraphDatasetType, GraphFile, GraphMetadata, QuantumNode } from './model.js';
import { formTaskQuanta, type QuantaContext } from './quanta.js';
import { projectKey, queryDimensionRows, type Row } from './rows.js';
import { makeGraphId } from './graph-id.js';

const log = getLogger('lsst.pipe.base.quantum_graph_builder', 'quantum_graph_builder.py');
const adLog = getLogger('lsst.pipe.base.all_dimensions_quantum_graph_builder', 'all_dimensions_quantum_graph_builder.py');

/** Everything `pipetask qgraph` passes to the builder. */
export interface BuildRequest {
  readonly pipeline: Pipeline;
  readonly registry: Registry;
  readonly datastore: Datastore;
  readonly metadata: Omit<GraphMetadata, 'time' | 'user'>;
  /** `--dataset-query-constraint`: `all`, `off` or a comma list of dataset types. */
  readonly datasetQueryConstraint: string;
  /** Collections whose existing outputs make quanta be skipped. */
  readonly skipExistingIn: readonly string[];
  readonly clobberOutputs: boolean;
  /** The output run exists already (`--extend-run`). */
  readonly outputRunExists: boolean;
}

/** The instrument record the pipeline's `instrument` class names, e.g. LSSTCam-imSim for LsstCamImSim. */
function instrumentName(req: BuildRequest): string | undefined {
  const cls = req.pipeline.instrument;
  if (cls === undefined) return undefined;
  const record = req.registry.records('instrument').find((r) => r['class_name'] === cls);
  if (record === undefined) throw new StandinError('LookupError', `Instrument class '${cls}' is not registered in this repository.`);
  return String(record['name']);
}

function emptyGraph(reasons: readonly string[], initial = true): never {
  if (initial) adLog.error('Initial data ID query returned no rows, so QuantumGraph will be empty.', 305);
  for (const reason of reasons) adLog.error(reason, 306);
  throw new ClickError('QuantumGraph was empty; ERROR logs above should provide details.');
}

/** Overall inputs: regular inputs no task of the pipeline writes. */
function overallInputs(pipeline: Pipeline, produced: ReadonlySet<string>): Map<string, readonly string[]> {
  const types = new Map<string, readonly string[]>();
  for (const task of pipeline.tasks) {
    for (const c of task.connections) if (c.kind === 'input' && !produced.has(c.datasetType)) types.set(c.datasetType, c.dimensions);
  }
  return types;
}

/** Keeps rows for which each constraining overall input exists (`--dataset-query-constraint`). */
function constrainByDatasets(req: BuildRequest, rows: Row[], inputs: ExistingDatasets, overall: Map<string, readonly string[]>): Row[] {
  const mode = req.datasetQueryConstraint;
  const names = mode === 'all' ? [...overall.keys()] : mode === 'off' ? [] : mode.split(',').map((s) => s.trim());
  for (const name of names) {
    const dims = overall.get(name);
    if (dims === undefined) throw new StandinError('ValueError', `Dataset type '${name}' in --dataset-query-constraint is not an overall input of the pipeline.`);
    const existing = inputs.byKey(name, dims);
    const required = dimensionGroup(dims).required;
    rows = rows.filter((row) => existing.has(projectKey(row, required)));
    if (rows.length === 0) {
      emptyGraph([`No datasets of type '${name}' in collections ${JSON.stringify(req.metadata.input)} match the data IDs of the query.`]);
    }
  }
  return rows;
}

/** Rows of the initial query: the dimension join, the pipeline's instrument, the `-d` expression. */
function initialRows(req: BuildRequest, query: CompiledQuery): Row[] {
  const wanted = new Set<string>(query.dimensions);
  for (const task of req.pipeline.tasks) {
    for (const d of task.dimensions) wanted.add(d);
    for (const c of task.connections) if (c.kind === 'input' || c.kind === 'output') for (const d of c.dimensions) wanted.add(d);
  }
  const group = dimensionGroup(wanted);
  const instrument = instrumentName(req);
  log.verbose(`Querying data IDs over dimensions {${sortDimensions([...group.required]).join(', ')}}.`, 410);
  let rows = queryDimensionRows(req.registry, new Set([...group.required, ...group.implied]));
  if (instrument !== undefined && wanted.has('instrument')) rows = rows.filter((r) => r['instrument'] === instrument);
  rows = rows.filter((r) => query.predicate(r));
  if (rows.length === 0) emptyGraph([`No data IDs match the data query "${req.metadata.data_query}".`]);
  return sortRows(rows);
}

/** Datasets in order of first encounter over the quanta (inputs, prerequisites, then outputs). */
function orderDatasets(quanta: readonly QuantumNode[], byId: ReadonlyMap<string, DatasetNode>): DatasetNode[] {
  const seen = new Set<string>();
  const ordered: DatasetNode[] = [];
  for (const q of quanta) {
    for (const ids of [...Object.values(q.inputs), ...Object.values(q.prerequisites), ...Object.values(q.outputs)]) {
      for (const id of ids) {
        const node = byId.get(id);
        if (node !== undefined && !seen.has(id)) {
          seen.add(id);
          ordered.push(node);
        }
      }
    }
  }
  return ordered;
}

function userName(): string {
  return process.env['USER'] ?? process.env['LOGNAME'] ?? 'unknown';
}

/**
 * Builds the QuantumGraph as the real all-dimensions builder does: one query over every task and dataset
 * dimension (constrained by `-d`, the instrument and the existence of the overall inputs), quanta as the
 * distinct projections of its rows onto each task's dimensions, datasets linked through shared
 * dimensions. Tasks left without quanta are dropped. An empty result is click's "QuantumGraph was empty".
 */
export function buildQuantumGraph(req: BuildRequest): GraphFile {
  // A bad query must fail before anything is logged: its one-line error is all the user sees.
  const query = compileDataQuery(req.metadata.data_query, req.registry);
  const inputs = new ExistingDatasets(req.datastore, req.registry.flattenCollections(req.metadata.input));
  log.info(`Processing pipeline subgraph 1 of 1 with ${req.pipeline.tasks.length} task(s).`, 389);
  const producedTypes = new Set(req.pipeline.tasks.flatMap((t) => t.connections.filter((c) => c.kind === 'output').map((c) => c.datasetType)));
  log.info('Iterating over data ID query results.', 512);
  const rows = constrainByDatasets(req, initialRows(req, query), inputs, overallInputs(req.pipeline, producedTypes));
  const outputRunDatasets = req.outputRunExists ? new ExistingDatasets(req.datastore, [req.metadata.output_run]) : undefined;
  const ctx: QuantaContext = {
    registry: req.registry, datastore: req.datastore, outputRun: req.metadata.output_run, inputs,
    skipIn: req.skipExistingIn.length > 0 ? new ExistingDatasets(req.datastore, req.registry.flattenCollections(req.skipExistingIn)) : undefined,
    outputRunDatasets, clobberOutputs: req.clobberOutputs, producedTypes, produced: new Map(),
  };
  const quanta: QuantumNode[] = [];
  const kept: TaskNode[] = [];
  for (const task of req.pipeline.tasks) {
    const result = formTaskQuanta(ctx, task, rows);
    if (result.pruned > 0) log.verbose(`Pruned ${result.pruned} quanta of task ${task.label} for missing inputs.`, 640);
    if (result.skipped > 0) log.info(`Skipping ${result.skipped} quanta of task ${task.label} whose outputs already exist.`, 652);
    if (result.quanta.length === 0) {
      log.info(`Dropping task ${task.label} because no quanta remain.`, 667);
      continue;
    }
    log.verbose(`Generated ${result.quanta.length} quanta for task ${task.label}.`, 671);
    quanta.push(...result.quanta);
    kept.push(task);
  }
  if (quanta.length === 0) emptyGraph(['No quanta remain: every quantum was pruned for missing inputs or skipped as already done.'], false);
  return assembleGraph(req, { kept, quanta, inputs, produced: ctx.produced, producedTypes, outputRunDatasets });
}

/** What the task-by-task pass produced, to be turned into a {@link GraphFile}. */
interface Formed {
  readonly kept: readonly TaskNode[];
  readonly quanta: readonly QuantumNode[];
  readonly inputs: ExistingDatasets;
  readonly produced: ReadonlyMap<string, DatasetNode>;
  readonly producedTypes: ReadonlySet<string>;
  readonly outputRunDatasets: ExistingDatasets | undefined;
}

/** Orders the dataset nodes, plans the init-datasets and collects the dataset types of the final graph. */
function assembleGraph(req: BuildRequest, formed: Formed): GraphFile {
  const { kept, quanta, inputs } = formed;
  const byId = new Map<string, DatasetNode>();
  for (const node of formed.produced.values()) byId.set(node.id, node);
  for (const task of kept) for (const c of task.connections) {
    if ((c.kind === 'input' && !formed.producedTypes.has(c.datasetType)) || c.kind === 'prerequisite') {
      for (const node of inputs.byKey(c.datasetType, c.dimensions).values()) byId.set(node.id, node);
    }
  }
  const datasets = orderDatasets(quanta, byId);
  const init = planInitDatasets(kept, req.metadata.output_run, req.datastore, inputs, formed.outputRunDatasets);
  const datasetTypes: Record<string, GraphDatasetType> = {};
  for (const task of kept) for (const c of task.connections) {
    datasetTypes[c.datasetType] ??= { dimensions: dimensionGroup(c.dimensions).required, storageClass: c.storageClass };
  }
  datasetTypes['packages'] = { dimensions: [], storageClass: 'Packages' };
  const edges = quanta.reduce((n, q) => n + new Set([q.inputs, q.prerequisites, q.outputs].flatMap((g) => Object.values(g).flat())).size, 0);
  log.info(`Initial bipartite graph has ${quanta.length} quanta, ${datasets.length} dataset nodes, and ${edges} edges.`, 702);
  log.info('Graph build complete.', 731);
  return {
    format: 'bps-ts-standin-qgraph', version: 1, graphId: makeGraphId(),
    metadata: { ...req.metadata, user: userName(), time: new Date().toISOString() },
    datasetTypes, tasks: init.tasks, quanta, datasets, initDatasets: init.datasets, globalInitOutputs: init.globalInitOutputs,
  };
}
