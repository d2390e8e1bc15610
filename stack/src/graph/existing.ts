import type { Datastore, DatasetFile } from '../repo/datastore.js';
import { dimensionGroup } from '../repo/universe.js';
import type { DatasetNode } from './model.js';
import { projectKey, type Row } from './rows.js';

/**
 * Finds datasets that already exist in a list of RUN collections, searched in order (the first run
 * holding a data ID wins, as a butler collection search does). Each (type, run) is scanned once.
 */
export class ExistingDatasets {
  private readonly cache = new Map<string, Map<string, DatasetNode>>();

  constructor(private readonly datastore: Datastore, readonly runs: readonly string[]) {}

  /** Every dataset of a type visible through the runs, keyed by its required data ID. */
  byKey(datasetType: string, dimensions: readonly string[]): Map<string, DatasetNode> {
    const cached = this.cache.get(datasetType);
    if (cached !== undefined) return cached;
    const required = dimensionGroup(dimensions).required;
    const found = new Map<string, DatasetNode>();
    for (const run of this.runs) {
      for (const file of this.datastore.scan(run, datasetType)) {
        const key = projectKey(file.dataId as Row, required);
        if (!found.has(key)) found.set(key, toNode(file));
      }
    }
    this.cache.set(datasetType, found);
    return found;
  }

  /** The dataset of a type for a (required) data-ID key, if any. */
  find(datasetType: string, dimensions: readonly string[], key: string): DatasetNode | undefined {
    return this.byKey(datasetType, dimensions).get(key);
  }
}

function toNode(file: DatasetFile & { readonly path: string }): DatasetNode {
  return { id: file.id, datasetType: file.datasetType, run: file.run, dataId: file.dataId, path: file.path };
}
