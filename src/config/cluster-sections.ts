/**
 * The `cluster:` section of a config (ctrl_bps's dimension clustering, docs/CONFIG.md "Clustering"):
 * each `cluster.<label>` read into a ClusterSpec, checked where ctrl_bps checks it, and before anything is
 * made, so a mistake costs a second, not a graph build.
 */
import { ConfigError } from '../errors.js';
import type { ClusterSpec } from '../model/cluster-spec.js';
import { invalid, type ValueContext } from '../settings/value-checks.js';
import { isMapping, type ConfigNode } from './config-node.js';
import type { ConfigResolver } from './resolver.js';
import { stringifyValue } from './template.js';

/** The keys that shape clusters; every other key of a section is a job setting of the cluster's jobs. */
export const CLUSTERING_KEYS = [
  'pipetasks', 'dimensions', 'equalDimensions', 'clusterTemplate', 'findDependencyMethod',
  'partitionDimensions', 'partitionMaxClusters', 'partitionMaxSize',
] as const;

/** The `cluster` section's labels and their sections, in file order; {} when there is none. */
export function clusterSections(config: ConfigResolver): ConfigNode {
  const section = config.data['cluster'];
  if (section === undefined || section === null) return {};
  if (!isMapping(section)) throw new ConfigError(`'cluster' must be a mapping of cluster labels to settings, not ${JSON.stringify(section)}.`, { hint: 'Write cluster: {<label>: {pipetasks: …, dimensions: …}}.' });
  for (const [label, body] of Object.entries(section)) {
    if (!isMapping(body)) throw new ConfigError(`cluster.${label} must be a mapping of settings, not ${JSON.stringify(body)} (${config.describe(['cluster', label])}).`);
  }
  return section;
}

/** Every `cluster.<label>` as a ClusterSpec; a task label in two of them is ctrl_bps's error. */
export function readClusterSpecs(config: ConfigResolver): ClusterSpec[] {
  const specs = Object.entries(clusterSections(config)).map(([label, body]) => readSpec(config, label, body as ConfigNode));
  const owner = new Map<string, string>();
  for (const spec of specs) {
    for (const task of spec.pipetasks) {
      const other = owner.get(task);
      if (other !== undefined) {
        throw new ConfigError(`Task label ${task} appears in more than one cluster definition (cluster.${other} and cluster.${spec.label}).`, {
          hint: 'Remove it from all but one pipetasks list.',
        });
      }
      owner.set(task, spec.label);
    }
  }
  return specs;
}

function readSpec(config: ConfigResolver, label: string, body: ConfigNode): ClusterSpec {
  const value = (key: string): { value: unknown; ctx: ValueContext } => ({
    // clusterTemplate's {dimension}s are filled per cluster, not from the config (ctrl_bps: replaceVars False).
    value: resolve(config, body[key], `cluster.${label}.${key}`, key !== 'clusterTemplate'),
    ctx: { key: `cluster.${label}.${key}`, where: config.describe(['cluster', label, key]) },
  });
  const pipetasks = list(value('pipetasks'));
  if (pipetasks.length === 0) {
    throw new ConfigError(`cluster.${label} has no pipetasks (${config.describe(['cluster', label, Object.keys(body)[0] ?? ''])}).`, { hint: `Give cluster.${label}.pipetasks: the task labels clustered together, comma-separated.` });
  }
  const spec: Record<string, unknown> = { label, pipetasks };
  const dimensions = list(value('dimensions'));
  if (dimensions.length > 0) spec['dimensions'] = dimensions;
  const equal = list(value('equalDimensions'));
  if (equal.length > 0) spec['equalDimensions'] = equal.map((pair) => dimensionPair(pair, value('equalDimensions').ctx));
  const template = value('clusterTemplate');
  if (template.value !== undefined && template.value !== null && template.value !== '') spec['clusterTemplate'] = stringifyValue(template.value);
  const method = value('findDependencyMethod');
  if (method.value !== undefined && method.value !== null && method.value !== '') {
    const text = stringifyValue(method.value);
    if (text !== 'source' && text !== 'sink') throw invalid({ ...method.ctx, help: 'source follows the graph from the first task, sink from the last.' }, "'source' or 'sink'", method.value);
    spec['findDependencyMethod'] = text;
  }
  const partition = list(value('partitionDimensions'));
  if (partition.length > 0) spec['partitionDimensions'] = partition;
  const maxClusters = count(value('partitionMaxClusters'));
  const maxSize = count(value('partitionMaxSize'));
  if (maxClusters !== undefined) spec['partitionMaxClusters'] = maxClusters;
  if (maxSize !== undefined) spec['partitionMaxSize'] = maxSize;
  if (partition.length > 0 && (maxClusters === undefined) === (maxSize === undefined)) {
    throw new ConfigError(`cluster.${label} must give exactly one of partitionMaxClusters and partitionMaxSize with partitionDimensions (${config.describe(['cluster', label, 'partitionDimensions'])}).`, {
      hint: 'partitionMaxClusters caps the number of clusters; partitionMaxSize the partition values per cluster.',
    });
  }
  return spec as unknown as ClusterSpec;
}

function resolve(config: ConfigResolver, raw: unknown, key: string, replaceVars = true): unknown {
  if (typeof raw === 'string') return config.expand(raw, key, { replaceVars });
  if (Array.isArray(raw)) return raw.map((item) => (typeof item === 'string' ? stringifyValue(config.expand(item, key, { replaceVars })) : item));
  return raw;
}

/** ctrl_bps's comma lists (`isr, characterizeImage`), or a YAML list. */
function list({ value, ctx }: { value: unknown; ctx: ValueContext }): string[] {
  if (value === undefined || value === null || value === '') return [];
  const items = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value.map((v) => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined)) : undefined;
  if (!items || items.some((item) => item === undefined)) throw invalid(ctx, 'a comma-separated list or a list of names', value);
  return (items as string[]).map((item) => item.trim()).filter((item) => item !== '');
}

/** `visit:exposure`. */
function dimensionPair(text: string, ctx: ValueContext): readonly [string, string] {
  const parts = text.split(':').map((p) => p.trim());
  if (parts.length !== 2 || parts.some((p) => p === '')) throw invalid({ ...ctx, help: 'Pairs of dimensions with equal values, e.g. visit:exposure.' }, "pairs like 'visit:exposure'", text);
  return [parts[0] as string, parts[1] as string];
}

/** A whole number ≥ 0; 0 means unset, as ctrl_bps reads it. */
function count({ value, ctx }: { value: unknown; ctx: ValueContext }): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw invalid(ctx, 'a whole number ≥ 0', value);
  return n === 0 ? undefined : n;
}
