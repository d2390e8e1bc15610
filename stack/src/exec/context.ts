import { hostname } from 'node:os';
import type { GraphFile, DatasetNode } from '../graph/model.js';
import type { Datastore } from '../repo/datastore.js';
import type { FaultRule } from './faults.js';

/** What executing parts of a graph needs, built once per process. */
export interface ExecContext {
  readonly graph: GraphFile;
  readonly datastore: Datastore;
  /** The repo folder (executions log, attempt counters, faults.yaml). */
  readonly repoRoot: string;
  readonly faults: readonly FaultRule[];
  /** `STANDIN_TIME_SCALE`: multiplies each task's run time. @default 1 */
  readonly timeScale: number;
  readonly host: string;
  /** The subcommand, recorded in the executions log. */
  readonly command: string;
  readonly datasetsById: ReadonlyMap<string, DatasetNode>;
}

/** Reads `STANDIN_TIME_SCALE` (a non-negative number; default 1). */
export function timeScaleFromEnv(): number {
  const raw = process.env['STANDIN_TIME_SCALE'];
  const value = raw === undefined || raw === '' ? 1 : Number(raw);
  return Number.isFinite(value) && value >= 0 ? value : 1;
}

export function makeExecContext(graph: GraphFile, datastore: Datastore, repoRoot: string, faults: readonly FaultRule[], command: string): ExecContext {
  const datasetsById = new Map<string, DatasetNode>();
  for (const d of [...graph.datasets, ...graph.initDatasets]) datasetsById.set(d.id, d);
  return { graph, datastore, repoRoot, faults, timeScale: timeScaleFromEnv(), host: hostname(), command, datasetsById };
}
