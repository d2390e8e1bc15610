import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { StandinError } from '../errors.js';
import { loadYaml } from '../util/yaml.js';
import { dimensionList, taskConnections, type StandinSection } from './connections.js';
import { sortTasks } from './sort.js';
import type { Pipeline, TaskNode } from './types.js';

function fail(message: string): never {
  throw new StandinError('lsst.pipe.base.PipelineDefinitionError', message);
}

function parseTask(label: string, raw: unknown, overrides: Readonly<Record<string, string>>): TaskNode {
  const spec = (typeof raw === 'string' ? { class: raw } : raw) as Record<string, unknown> | null;
  if (spec === null || typeof spec !== 'object' || typeof spec['class'] !== 'string') fail(`Task '${label}' needs a 'class'.`);
  const written = spec['config'] ?? {};
  if (typeof written !== 'object' || Array.isArray(written)) fail(`Task '${label}': only a single config mapping is supported by the stand-in.`);
  const config = { ...(written as Record<string, unknown>), ...overrides };
  const standin = spec['standin'] as StandinSection | undefined;
  if (standin === undefined) {
    fail(`Task '${label}' (${spec['class']}) has no 'standin' section: the stand-in cannot import Python task classes, `
      + 'so each task declares its dimensions and connections there.');
  }
  const dimensions = dimensionList(label, 'standin.dimensions', standin.dimensions);
  const runTime = standin.runTime === undefined ? 0.1 : Number(standin.runTime);
  if (!Number.isFinite(runTime) || runTime < 0) fail(`Task '${label}': standin.runTime must be a number of seconds.`);
  return { label, taskClass: spec['class'], config, dimensions, runTime, connections: taskConnections(label, standin, config, dimensions) };
}

function parseSubsets(raw: unknown, labels: ReadonlySet<string>): Record<string, string[]> {
  const subsets: Record<string, string[]> = {};
  for (const [name, value] of Object.entries((raw ?? {}) as Record<string, unknown>)) {
    if (labels.has(name)) fail(`Subset '${name}' has the same name as a task label.`);
    const members = Array.isArray(value) ? value : (value as { subset?: unknown })?.subset;
    if (!Array.isArray(members)) fail(`Subset '${name}' must be a list of labels or have a 'subset' list.`);
    subsets[name] = members.map(String);
  }
  return subsets;
}

/** Labels selected by a `#label1,subsetA` fragment. */
function selectLabels(fragment: string, labels: ReadonlySet<string>, subsets: Readonly<Record<string, string[]>>): Set<string> {
  const selected = new Set<string>();
  const missing: string[] = [];
  for (const name of fragment.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    if (labels.has(name)) selected.add(name);
    else if (subsets[name] !== undefined) for (const label of subsets[name] ?? []) selected.add(label);
    else missing.push(name);
  }
  if (missing.length > 0) fail(`Labels {${missing.map((m) => `'${m}'`).join(', ')}} were not found in the declared pipeline`);
  return selected;
}

/**
 * Loads a pipeline YAML in the real format (`description`, `instrument`, `tasks`, `subsets`), with a
 * `file.yaml#label1,subset` fragment selecting tasks. `imports`, `parameters`, `contracts` and `steps`
 * are not supported by the stand-in (imports are refused; the others are ignored like unknown keys).
 * `overrides` are `-c label:name=value` config overrides, per label.
 */
export function loadPipeline(uri: string, overrides: ReadonlyMap<string, Readonly<Record<string, string>>> = new Map()): Pipeline {
  const hash = uri.indexOf('#');
  const path = resolve(hash === -1 ? uri : uri.slice(0, hash));
  if (!existsSync(path)) throw new StandinError('FileNotFoundError', `No such pipeline file: '${path}'`);
  const document = (loadYaml(readFileSync(path, 'utf8'), path) ?? {}) as Record<string, unknown>;
  if (typeof document['description'] !== 'string') fail(`${path}: a pipeline needs a 'description'.`);
  if (document['imports'] !== undefined) fail(`${path}: 'imports' is not supported by the stand-in pipeline loader.`);
  if (document['inherits'] !== undefined) fail(`${path}: 'inherits' is not a supported pipeline key; use 'imports'.`);
  const rawTasks = document['tasks'] as Record<string, unknown> | undefined;
  if (rawTasks === undefined || typeof rawTasks !== 'object') fail(`${path}: a pipeline needs 'tasks'.`);
  const labels = new Set(Object.keys(rawTasks));
  const subsets = parseSubsets(document['subsets'], labels);
  const selected = hash === -1 ? labels : selectLabels(uri.slice(hash + 1), labels, subsets);
  const tasks = Object.entries(rawTasks).filter(([label]) => selected.has(label)).map(([label, raw]) => parseTask(label, raw, overrides.get(label) ?? {}));
  const unknown = [...overrides.keys()].filter((label) => !selected.has(label));
  if (unknown.length > 0) fail(`Config overrides name unknown task label(s): ${unknown.join(', ')}`);
  const instrument = typeof document['instrument'] === 'string' ? document['instrument'] : undefined;
  return { description: document['description'], instrument, tasks: sortTasks(tasks), subsets, source: path, document };
}
