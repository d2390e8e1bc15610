import { StandinError } from '../errors.js';
import { isDimension } from '../repo/universe.js';
import type { Connection, ConnectionKind } from './types.js';

/** The stand-in's per-task key in the pipeline YAML; real pipetask ignores unknown per-task keys. */
export interface StandinSection {
  dimensions?: unknown;
  runTime?: unknown;
  inputs?: unknown;
  prerequisiteInputs?: unknown;
  outputs?: unknown;
  initInputs?: unknown;
  initOutputs?: unknown;
}

const SECTIONS: ReadonlyArray<[keyof StandinSection, ConnectionKind]> = [
  ['inputs', 'input'],
  ['prerequisiteInputs', 'prerequisite'],
  ['outputs', 'output'],
  ['initInputs', 'initInput'],
  ['initOutputs', 'initOutput'],
];

function fail(label: string, message: string): never {
  throw new StandinError('lsst.pipe.base.PipelineDefinitionError', `Task '${label}': ${message}`);
}

/** Validates a list of dimension names. */
export function dimensionList(label: string, what: string, value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((d) => typeof d !== 'string')) fail(label, `${what} must be a list of dimension names.`);
  for (const d of value as string[]) if (!isDimension(d)) fail(label, `${what} names unknown dimension '${d}'.`);
  return value as string[];
}

/** The connection name override `connections.<field>` from the task config (dotted or nested form). */
function override(config: Readonly<Record<string, unknown>>, field: string): string | undefined {
  const dotted = config[`connections.${field}`];
  const nested = (config['connections'] as Record<string, unknown> | undefined)?.[field];
  const value = dotted ?? nested;
  return typeof value === 'string' ? value : undefined;
}

function parseConnection(label: string, kind: ConnectionKind, field: string, raw: unknown, config: Readonly<Record<string, unknown>>): Connection {
  if (raw === null || typeof raw !== 'object') fail(label, `connection '${field}' must be a mapping.`);
  const spec = raw as Record<string, unknown>;
  if (typeof spec['name'] !== 'string') fail(label, `connection '${field}' needs a dataset type 'name'.`);
  const init = kind === 'initInput' || kind === 'initOutput';
  const multiple = spec['multiple'] === true;
  return {
    kind,
    field,
    datasetType: override(config, field) ?? spec['name'],
    dimensions: init ? [] : dimensionList(label, `connection '${field}'`, spec['dimensions']),
    storageClass: typeof spec['storageClass'] === 'string' ? spec['storageClass'] : 'StructuredDataDict',
    multiple,
    minimum: typeof spec['minimum'] === 'number' ? spec['minimum'] : (kind === 'prerequisite' && multiple ? 0 : 1),
    isCalibration: spec['isCalibration'] === true,
  };
}

/**
 * A task's connections from its `standin:` section, plus the ones pipe_base adds to every task:
 * outputs `<label>_metadata` and `<label>_log` with the task's dimensions, init-output `<label>_config`.
 */
export function taskConnections(label: string, section: StandinSection, config: Readonly<Record<string, unknown>>, dimensions: readonly string[]): Connection[] {
  const connections: Connection[] = [];
  for (const [key, kind] of SECTIONS) {
    const block = section[key];
    if (block === undefined || block === null) continue;
    if (typeof block !== 'object' || Array.isArray(block)) fail(label, `standin.${key} must be a mapping of connections.`);
    for (const [field, raw] of Object.entries(block)) connections.push(parseConnection(label, kind, field, raw, config));
  }
  const automatic = (field: string, datasetType: string, storageClass: string, kind: ConnectionKind): Connection => ({
    kind, field, datasetType, storageClass, multiple: false, minimum: 1, isCalibration: false,
    dimensions: kind === 'output' ? dimensions : [],
  });
  connections.push(
    automatic('_metadata', `${label}_metadata`, 'TaskMetadata', 'output'),
    automatic('_log', `${label}_log`, 'ButlerLogRecords', 'output'),
    automatic('_config', `${label}_config`, 'Config', 'initOutput'),
  );
  return connections;
}
