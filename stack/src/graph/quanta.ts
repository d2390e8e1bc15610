import { StandinError } from '../errors.js';
import type { Datastore } from '../repo/datastore.js';
import type { Registry } from '../repo/registry.js';
import { dimensionGroup } from '../repo/universe.js';
import type { Connection, TaskNode } from '../pipeline/types.js';
import { formatDataId } from '../util/py-repr.js';
import { uuid7 } from '../util/uuid.js';
import { fullDataId } from './data-ids.js';
import type { ExistingDatasets } from './existing.js';
import type { DataId, DatasetNode, QuantumNode } from './model.js';
import { findPrerequisites } from './prerequisites.js';
import { projectKey, type Row } from './rows.js';

/** Shared state while quanta are formed task after task. */
export interface QuantaContext {
  readonly registry: Registry;
  readonly datastore: Datastore;
  readonly outputRun: string;
  /** Datasets in the input collections. */
  readonly inputs: ExistingDatasets;
  /** `--skip-existing-in` (and the output run with `--skip-existing`/`--extend-run`), or undefined. */
  readonly skipIn: ExistingDatasets | undefined;
  /** The output run's existing datasets, when it already exists (`--extend-run`). */
  readonly outputRunDatasets: ExistingDatasets | undefined;
  readonly clobberOutputs: boolean;
  /** Dataset types some task of the pipeline writes: never looked up in the inputs. */
  readonly producedTypes: ReadonlySet<string>;
  /** `<type>\0<key>` → dataset written by an earlier quantum (or kept from a skipped one). */
  readonly produced: Map<string, DatasetNode>;
}

/** What happened to one task's candidate quanta. */
export interface TaskQuanta {
  readonly quanta: QuantumNode[];
  /** Candidate quanta dropped because a required input does not exist. */
  readonly pruned: number;
  /** Quanta skipped because their outputs exist in `--skip-existing-in` collections. */
  readonly skipped: number;
}

function distinctKeys(rows: readonly Row[], dims: readonly string[]): Map<string, Row> {
  const keys = new Map<string, Row>();
  for (const row of rows) {
    const key = projectKey(row, dims);
    if (!keys.has(key)) keys.set(key, row);
  }
  return keys;
}

/** A regular input's datasets; undefined when the quantum cannot run without what is missing. */
function inputDatasets(ctx: QuantaContext, c: Connection, label: string, rows: readonly Row[]): DatasetNode[] | undefined {
  const keys = [...distinctKeys(rows, dimensionGroup(c.dimensions).required).keys()];
  if (!c.multiple && keys.length > 1) {
    throw new StandinError('lsst.pipe.base.QuantumGraphBuilderError',
      `Connection '${c.field}' of task '${label}' is not 'multiple' but matches ${keys.length} '${c.datasetType}' datasets.`);
  }
  const found = keys
    .map((k) => ctx.produced.get(`${c.datasetType}\u0000${k}`)
      ?? (ctx.producedTypes.has(c.datasetType) ? undefined : ctx.inputs.find(c.datasetType, c.dimensions, k)))
    .filter((d): d is DatasetNode => d !== undefined);
  const needed = c.multiple ? c.minimum : 1;
  return found.length < needed ? undefined : found;
}

function outputDataset(ctx: QuantaContext, c: Connection, label: string, row: Row, key: string): DatasetNode {
  const dataId = fullDataId(row, dimensionGroup(c.dimensions));
  const old = ctx.outputRunDatasets?.find(c.datasetType, c.dimensions, key);
  if (old !== undefined && !ctx.clobberOutputs) {
    throw new StandinError('lsst.pipe.base.OutputExistsError',
      `Output dataset ${c.datasetType}@${formatDataId(dataId)} for task '${label}' already exists in the output run `
      + `'${ctx.outputRun}', but clobbering outputs was not expected to be necessary (use --clobber-outputs or --skip-existing).`);
  }
  const path = ctx.datastore.relativePath(ctx.outputRun, c.datasetType, dataId);
  return { id: uuid7(), datasetType: c.datasetType, run: ctx.outputRun, dataId, path };
}

/** With `--skip-existing-in`: a quantum whose metadata exists is skipped, its existing outputs feed downstream. */
function trySkip(ctx: QuantaContext, task: TaskNode, rows: readonly Row[]): boolean {
  if (ctx.skipIn === undefined) return false;
  const key = projectKey(rows[0] ?? {}, dimensionGroup(task.dimensions).required);
  if (ctx.skipIn.find(`${task.label}_metadata`, task.dimensions, key) === undefined) return false;
  for (const c of task.connections.filter((x) => x.kind === 'output')) {
    for (const k of distinctKeys(rows, dimensionGroup(c.dimensions).required).keys()) {
      const old = ctx.skipIn.find(c.datasetType, c.dimensions, k);
      if (old !== undefined) ctx.produced.set(`${c.datasetType}\u0000${k}`, old);
    }
  }
  return true;
}

function makeQuantum(ctx: QuantaContext, task: TaskNode, dataId: DataId, rows: readonly Row[]): QuantumNode | undefined {
  const inputs: Record<string, string[]> = {};
  for (const c of task.connections.filter((x) => x.kind === 'input')) {
    const found = inputDatasets(ctx, c, task.label, rows);
    if (found === undefined) return undefined;
    inputs[c.field] = found.map((d) => d.id);
  }
  const prerequisites: Record<string, string[]> = {};
  for (const c of task.connections.filter((x) => x.kind === 'prerequisite')) {
    prerequisites[c.field] = findPrerequisites(c, { label: task.label, dataId, rows }, ctx.inputs, ctx.registry).map((d) => d.id);
  }
  const outputs: Record<string, string[]> = {};
  for (const c of task.connections.filter((x) => x.kind === 'output')) {
    outputs[c.field] = [...distinctKeys(rows, dimensionGroup(c.dimensions).required)].map(([key, row]) => {
      const node = outputDataset(ctx, c, task.label, row, key);
      ctx.produced.set(`${c.datasetType}\u0000${key}`, node);
      return node.id;
    });
  }
  return { id: uuid7(), label: task.label, dataId, inputs, prerequisites, outputs };
}

/**
 * Forms a task's quanta from the query rows, as the real builder does: one quantum per distinct
 * projection of the rows onto the task's dimensions; each connection gets the distinct projections of
 * that quantum's rows onto its dataset type's dimensions (several = fan-in or fan-out). Quanta missing a
 * required input are pruned; their outputs never exist, which prunes downstream quanta in turn.
 */
export function formTaskQuanta(ctx: QuantaContext, task: TaskNode, rows: readonly Row[]): TaskQuanta {
  const group = dimensionGroup(task.dimensions);
  const byQuantum = new Map<string, Row[]>();
  for (const row of rows) {
    const key = projectKey(row, group.required);
    const bucket = byQuantum.get(key);
    if (bucket === undefined) byQuantum.set(key, [row]);
    else bucket.push(row);
  }
  const result = { quanta: [] as QuantumNode[], pruned: 0, skipped: 0 };
  for (const qrows of byQuantum.values()) {
    if (trySkip(ctx, task, qrows)) {
      result.skipped += 1;
      continue;
    }
    const quantum = makeQuantum(ctx, task, fullDataId(qrows[0] ?? {}, group), qrows);
    if (quantum === undefined) result.pruned += 1;
    else result.quanta.push(quantum);
  }
  return result;
}
