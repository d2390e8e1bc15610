import { ConfigError } from '../errors.js';
import { dedupeEdges, topologicalOrder } from '../qgraph/graph-builder.js';
import { GrowableUint32 } from '../qgraph/growable.js';
import type { DataId, QuantumGraph } from '../qgraph/types.js';
import { CompactClusteredGraph } from './clustered-graph.js';
import type { ClusteredQuantumGraph, ClusterLabelInfo } from './types.js';

/**
 * Collects clusters as the algorithms make them (ctrl_bps's add_cluster / add_quantum), then lays
 * them out as a {@link ClusteredQuantumGraph}: members as CSR, cluster edges from the quantum edges,
 * clusters renumbered into a topological order when creation order is not one already.
 */
export class ClusterBuilder {
  private readonly names: string[] = [];
  private readonly labelOf = new GrowableUint32();
  private readonly byName = new Map<string, number>();
  private readonly clusterOf: Int32Array;
  /** Quanta in the order they were added, so each cluster keeps ctrl_bps's member order. */
  private readonly sequence: Uint32Array;
  private added = 0;

  constructor(private readonly graph: QuantumGraph) {
    this.clusterOf = new Int32Array(graph.size).fill(-1);
    this.sequence = new Uint32Array(graph.size);
  }

  /**
   * The cluster named `name` of cluster label `label`: an existing one of the same label (quanta whose
   * names agree share a cluster), or a new one. A name another label already made is an error, as
   * ctrl_bps refuses to add a cluster twice; so is a `/` in a name.
   */
  cluster(name: string, label: number, labelName: string, shareable: boolean): number {
    const known = this.byName.get(name);
    if (known !== undefined) {
      if (shareable && this.labelOf.at(known) === label) return known;
      throw new ConfigError(`Cluster ${name} already exists in the ClusteredQuantumGraph (made again for ${labelName}).`, {
        hint: 'Make the names unique: include {node_number} (useNodeIdInClusterName) or more dimensions in templateDataId or clusterTemplate.',
      });
    }
    if (name.includes('/')) throw new ConfigError(`Cluster's name cannot have a / (${name}).`, { hint: 'Change templateDataId so that no value with a / goes into the name.' });
    const cluster = this.names.push(name) - 1;
    this.labelOf.push(label);
    this.byName.set(name, cluster);
    return cluster;
  }

  /** Adds a quantum to a cluster (each quantum exactly once). */
  add(cluster: number, q: number): void {
    if (this.clusterOf[q] !== -1) throw new Error(`quantum ${q} clustered twice`);
    this.clusterOf[q] = cluster;
    this.sequence[this.added++] = q;
  }

  /** The clustered graph; `tags(labelIndex, q)` gives the tags of a cluster of that label whose first quantum is q. */
  finish(labelInfo: readonly ClusterLabelInfo[], tags: (label: number, q: number) => DataId): ClusteredQuantumGraph {
    if (this.added !== this.graph.size) throw new Error(`${this.graph.size - this.added} quanta were not clustered`);
    this.byName.clear();
    const size = this.names.length;
    const clusterOf = new Uint32Array(this.clusterOf.buffer);
    let names: readonly string[] = this.names;
    let labelOf = Uint16Array.from(this.labelOf.toArray());
    let { edgeFrom, edgeTo } = this.edges(size, clusterOf);
    // Clusters are made label by label in dependency order, so creation order is nearly always
    // topological already; only clusters of one label that feed each other need a renumbering.
    if (!edgeFrom.every((from, e) => from < (edgeTo[e] as number))) {
      const order = this.order(size, edgeFrom, edgeTo, labelInfo, labelOf);
      const rank = new Uint32Array(size);
      order.forEach((old, i) => (rank[old] = i));
      names = Array.from(order, (old) => this.names[old] as string);
      labelOf = Uint16Array.from(order, (old) => labelOf[old] as number);
      for (let q = 0; q < clusterOf.length; q += 1) clusterOf[q] = rank[clusterOf[q] as number] as number;
      ({ edgeFrom, edgeTo } = dedupeEdges(size, edgeFrom.map((c) => rank[c] as number), edgeTo.map((c) => rank[c] as number)));
    }
    const { quantaStart, quanta } = this.members(size, clusterOf);
    return new CompactClusteredGraph({ graph: this.graph, labelInfo, labelOf, names, quantaStart, quanta, clusterOf, edgeFrom, edgeTo, tags });
  }

  /** Members as CSR, each cluster's quanta in the order they were added. */
  private members(size: number, clusterOf: Uint32Array): { quantaStart: Uint32Array; quanta: Uint32Array } {
    const quantaStart = new Uint32Array(size + 1);
    for (const c of clusterOf) quantaStart[c + 1] += 1;
    for (let c = 0; c < size; c += 1) quantaStart[c + 1] += quantaStart[c] as number;
    const fill = quantaStart.slice(0, size);
    const quanta = new Uint32Array(clusterOf.length);
    for (const q of this.sequence) quanta[fill[clusterOf[q] as number]++] = q;
    return { quantaStart, quanta };
  }

  /** The quantum edges between different clusters, deduplicated. */
  private edges(size: number, clusterOf: Uint32Array): { edgeFrom: Uint32Array; edgeTo: Uint32Array } {
    const { edgeFrom, edgeTo } = this.graph;
    const from = new Uint32Array(edgeFrom.length);
    const to = new Uint32Array(edgeFrom.length);
    let n = 0;
    for (let e = 0; e < edgeFrom.length; e += 1) {
      const [a, b] = [clusterOf[edgeFrom[e] as number] as number, clusterOf[edgeTo[e] as number] as number];
      if (a !== b) [from[n], to[n++]] = [a, b];
    }
    return dedupeEdges(size, from.subarray(0, n), to.subarray(0, n), true);
  }

  /** A topological order of the clusters, or the error naming clusters on a cycle. */
  private order(size: number, edgeFrom: Uint32Array, edgeTo: Uint32Array, labelInfo: readonly ClusterLabelInfo[], labelOf: Uint16Array): Uint32Array {
    const { order, stuck } = topologicalOrder(size, edgeFrom, edgeTo);
    if (stuck.length === 0) return order;
    const shown = stuck.slice(0, 3).map((c) => `${this.names[c]} (${labelInfo[labelOf[c] as number]?.label})`);
    throw new ConfigError(`The clusters do not create a DAG: a cycle through ${shown.join(', ')}${stuck.length > 3 ? ` and ${stuck.length - 3} more` : ''}.`, {
      hint: 'Quanta of one cluster depend on quanta of another and the other way round; cluster on more dimensions (or fewer tasks) so that each cluster runs after the ones it reads from.',
    });
  }
}
