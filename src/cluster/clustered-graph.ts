import type { DataId, QuantumGraph } from '../qgraph/types.js';
import type { ClusteredQuantumGraph, ClusterLabelInfo } from './types.js';

/** What a {@link CompactClusteredGraph} is made of (see ClusterBuilder). */
export interface ClusteredGraphParts {
  readonly graph: QuantumGraph;
  readonly labelInfo: readonly ClusterLabelInfo[];
  readonly labelOf: Uint16Array;
  readonly names: readonly string[];
  readonly quantaStart: Uint32Array;
  readonly quanta: Uint32Array;
  readonly clusterOf: Uint32Array;
  readonly edgeFrom: Uint32Array;
  readonly edgeTo: Uint32Array;
  /** The tags of a cluster of label `label` whose first quantum is `q`. */
  readonly tags: (label: number, q: number) => DataId;
}

/** The {@link ClusteredQuantumGraph} over typed arrays; tags and counts are computed when asked for. */
export class CompactClusteredGraph implements ClusteredQuantumGraph {
  readonly graph: QuantumGraph;
  readonly size: number;
  readonly labels: readonly string[];
  readonly labelInfo: readonly ClusterLabelInfo[];
  readonly labelOf: Uint16Array;
  readonly names: readonly string[];
  readonly quantaStart: Uint32Array;
  readonly quanta: Uint32Array;
  readonly clusterOf: Uint32Array;
  readonly edgeFrom: Uint32Array;
  readonly edgeTo: Uint32Array;
  private readonly tagsOf: ClusteredGraphParts['tags'];

  constructor(parts: ClusteredGraphParts) {
    this.graph = parts.graph;
    this.size = parts.names.length;
    this.labels = parts.labelInfo.map((info) => info.label);
    this.labelInfo = parts.labelInfo;
    this.labelOf = parts.labelOf;
    this.names = parts.names;
    this.quantaStart = parts.quantaStart;
    this.quanta = parts.quanta;
    this.clusterOf = parts.clusterOf;
    this.edgeFrom = parts.edgeFrom;
    this.edgeTo = parts.edgeTo;
    this.tagsOf = parts.tags;
  }

  quantaOf(c: number): Uint32Array {
    this.check(c);
    return this.quanta.subarray(this.quantaStart[c] as number, this.quantaStart[c + 1] as number);
  }

  tags(c: number): DataId {
    this.check(c);
    return this.tagsOf(this.labelOf[c] as number, this.quanta[this.quantaStart[c] as number] as number);
  }

  quantaCounts(c: number): ReadonlyMap<string, number> {
    const counts = new Map<string, number>();
    for (const q of this.quantaOf(c)) {
      const label = this.graph.labels[this.graph.labelOf[q] as number] as string;
      counts.set(label, (counts.get(label) ?? 0) + 1);
    }
    return counts;
  }

  private check(c: number): void {
    if (!(c >= 0 && c < this.size)) throw new RangeError(`no cluster ${c} in a graph of ${this.size} clusters`);
  }
}
