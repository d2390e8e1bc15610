import { existsSync, readFileSync } from 'node:fs';
import { StandinError } from '../errors.js';
import { writeFileAtomic } from '../util/files.js';
import { loadYaml } from '../util/yaml.js';
import type { ButlerConfig } from './butler-config.js';
import type { CollectionRecord, DatasetTypeRecord, DimensionRecord, RegistryFile } from './registry-types.js';
import { UNIVERSE, dimensionGroup } from './universe.js';

/**
 * The toy registry: dimension records, collections and dataset types from the static registry file,
 * plus the runs.json overlay that `butler aggregate-graph` (and legacy `pipetask run`) write when they
 * register output runs, chains and dataset types.
 */
export class Registry {
  private readonly indexes = new Map<string, Map<string, DimensionRecord>>();

  private constructor(
    private readonly config: ButlerConfig,
    private readonly base: RegistryFile,
    private overlay: RegistryFile,
  ) {}

  static load(config: ButlerConfig): Registry {
    if (!existsSync(config.registryPath)) {
      throw new StandinError('FileNotFoundError', `Registry not found: ${config.registryPath}`);
    }
    const base = (loadYaml(readFileSync(config.registryPath, 'utf8'), config.registryPath) ?? {}) as RegistryFile;
    return new Registry(config, base, readOverlay(config.runsPath));
  }

  /** Records of a dimension element or join table (`visit_detector_region`, `visit_definition`). */
  records(element: string): readonly DimensionRecord[] {
    return this.base.dimensions?.[element] ?? [];
  }

  /** The record of dimension `dim` for a row holding its required keys, or undefined. */
  recordFor(dim: string, row: Readonly<Record<string, unknown>>): DimensionRecord | undefined {
    const keys = dimensionGroup([dim]).required;
    const index = this.index(dim, keys);
    return index.get(keys.map((k) => String(row[k])).join('\u0000'));
  }

  private index(dim: string, keys: readonly string[]): Map<string, DimensionRecord> {
    let index = this.indexes.get(dim);
    if (index !== undefined) return index;
    const keyField = UNIVERSE.get(dim)?.keyField ?? 'name';
    index = new Map();
    for (const record of this.records(dim)) {
      index.set(keys.map((k) => String(k === dim ? record[keyField] : record[k])).join('\u0000'), record);
    }
    this.indexes.set(dim, index);
    return index;
  }

  collection(name: string): CollectionRecord | undefined {
    return this.overlay.collections?.[name] ?? this.base.collections?.[name];
  }

  datasetType(name: string): DatasetTypeRecord | undefined {
    return this.overlay.datasetTypes?.[name] ?? this.base.datasetTypes?.[name];
  }

  /**
   * The RUN collections to search, in order, for a list of collections: chains expanded depth-first,
   * calibration collections replaced by the runs they certify, duplicates dropped.
   */
  flattenCollections(names: readonly string[]): string[] {
    const runs: string[] = [];
    const visit = (name: string, path: readonly string[]): void => {
      const record = this.collection(name);
      if (record === undefined) {
        throw new StandinError('lsst.daf.butler.registry.MissingCollectionError', `Collection '${name}' not found.`);
      }
      if (path.includes(name)) throw new StandinError('ValueError', `Collection chain cycle: ${[...path, name].join(' -> ')}`);
      if (record.type === 'RUN') {
        if (!runs.includes(name)) runs.push(name);
      } else {
        const children = record.type === 'CHAINED' ? record.children : record.certified;
        for (const child of children) visit(child, [...path, name]);
      }
    };
    for (const name of names) visit(name, []);
    return runs;
  }

  /** Registers a RUN (idempotent) in runs.json. */
  registerRun(name: string, info: { graphId?: string } = {}): void {
    this.update((file) => {
      const existing = file.collections?.[name];
      if (existing !== undefined && existing.type !== 'RUN') {
        throw new StandinError('lsst.daf.butler.registry.CollectionTypeError', `Collection '${name}' exists and is not a RUN.`);
      }
      const record: CollectionRecord = { type: 'RUN', registered: new Date().toISOString(), ...info };
      return { ...file, collections: { ...file.collections, [name]: existing ?? record } };
    });
  }

  /** Defines or redefines a CHAINED collection in runs.json. */
  setChain(name: string, children: readonly string[]): void {
    this.update((file) => ({ ...file, collections: { ...file.collections, [name]: { type: 'CHAINED', children: [...children] } } }));
  }

  /** Registers dataset types in runs.json (skips names already registered). */
  registerDatasetTypes(types: Readonly<Record<string, DatasetTypeRecord>>): void {
    this.update((file) => ({ ...file, datasetTypes: { ...types, ...file.datasetTypes } }));
  }

  /** Read-modify-write of runs.json, re-read first so concurrent writers lose as little as possible. */
  private update(change: (file: RegistryFile) => RegistryFile): void {
    const next = change(readOverlay(this.config.runsPath));
    writeFileAtomic(this.config.runsPath, `${JSON.stringify(next, null, 2)}\n`);
    this.overlay = next;
  }
}

function readOverlay(path: string): RegistryFile {
  if (!existsSync(path)) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as RegistryFile;
  } catch (error) {
    throw new StandinError('ValueError', `${path} is not valid JSON`, { cause: error });
  }
}
